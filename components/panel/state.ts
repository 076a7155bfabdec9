import { signal, type Signal } from '@preact/signals';
import type { ThemeChoice } from '../ui/theme';
import { createPseudonyms, redactName } from './privacy';
import type { QueueFilters, QueueSort } from './queue';

export type TabId = 'register' | 'queue' | 'cohort';

export interface PanelState {
  tab: Signal<TabId>;
  /** The pupil page, opened from any list; null shows the tab. */
  pupilId: Signal<string | null>;
  privacy: Signal<boolean>;
  overlay: Signal<boolean>;
  theme: Signal<ThemeChoice>;
  /** Read out by the live region; each new value is announced once. */
  announcement: Signal<string>;
  filters: Signal<QueueFilters>;
  sort: Signal<QueueSort>;
  /** Bumped when stored data changes, so views reload. */
  revision: Signal<number>;
  /** Stable pseudonyms for the privacy screen. */
  pseudonym(pupilId: string): string;
  displayName(pupilId: string, name: string): string;
  /** Free text about a pupil, with their name hidden under the privacy screen. */
  mask(pupilId: string, name: string, text: string): string;
}

export function createPanelState(
  initial: Partial<{ tab: TabId; theme: ThemeChoice }> = {},
): PanelState {
  const pseudonym = createPseudonyms();
  const privacy = signal(false);
  return {
    tab: signal(initial.tab ?? 'register'),
    pupilId: signal(null),
    privacy,
    overlay: signal(true),
    theme: signal(initial.theme ?? 'system'),
    announcement: signal(''),
    filters: signal({}),
    sort: signal('concern'),
    revision: signal(0),
    pseudonym,
    displayName: (pupilId, name) =>
      privacy.value ? pseudonym(pupilId) : name || pseudonym(pupilId),
    mask: (pupilId, name, text) =>
      privacy.value ? redactName(text, name, pseudonym(pupilId)) : text,
  };
}
