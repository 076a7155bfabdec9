import type { Band } from '../../utils/attendance/types';
import { bandKey, bandLabel, bandShape } from './band';

interface BandBadgeProps {
  band: Band | null;
  /** Shown after the band, e.g. "(based on 12 sessions)". */
  suffix?: string;
  /** The privacy screen turns every badge into the same neutral dot. */
  neutral?: boolean;
}

/** Band as text, shape and colour together: never colour alone. */
export function BandBadge({ band, suffix, neutral = false }: BandBadgeProps) {
  if (neutral) {
    return (
      <span class="rl-badge" data-band="neutral">
        <span class="rl-badge__shape" aria-hidden="true">
          ●
        </span>
        <span>Hidden</span>
      </span>
    );
  }
  return (
    <span class="rl-badge" data-band={bandKey(band)}>
      <span class="rl-badge__shape" aria-hidden="true">
        {bandShape(band)}
      </span>
      <span>
        {bandLabel(band)}
        {suffix ? ` ${suffix}` : ''}
      </span>
    </span>
  );
}
