import type { Band } from '../../utils/attendance/types';

export type BandKey = Band | 'unknown';

interface BandLook {
  label: string;
  /** Shape carries the band for people who cannot tell the colours apart. */
  shape: string;
  rank: number;
}

const BANDS: Record<BandKey, BandLook> = {
  severe: { label: 'Severe absence', shape: '◆', rank: 4 },
  persistent: { label: 'Persistent absence', shape: '▲', rank: 3 },
  'at-risk': { label: 'At risk', shape: '●', rank: 2 },
  none: { label: 'Attending well', shape: '✓', rank: 1 },
  unknown: { label: 'No figures yet', shape: '○', rank: 0 },
};

export const bandKey = (band: Band | null | undefined): BandKey => band ?? 'unknown';
export const bandLabel = (band: Band | null | undefined): string => BANDS[bandKey(band)].label;
export const bandShape = (band: Band | null | undefined): string => BANDS[bandKey(band)].shape;
/** Higher is more concerning; used to sort by concern. */
export const bandRank = (band: Band | null | undefined): number => BANDS[bandKey(band)].rank;
export const BAND_KEYS: readonly BandKey[] = ['severe', 'persistent', 'at-risk', 'none', 'unknown'];
