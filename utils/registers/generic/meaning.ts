import { labelKey, mapMark, type MapOptions, type MappedMark } from '../mapping';
import type { Session } from '../schema';
import { LINE, MARK_CONFIDENCE } from './confidence';
import type { PageLegend } from './legend';
import type { RawMark } from './marks';

/**
 * A mark's meaning, in this order: the user's own mapping of what the page prints; the page's
 * own words for it (its key, the cell's tooltip); the built-in English codes and words. A letter
 * on a page with its own code set that the page does not explain is not taken for the English
 * code of the same letter: its confidence falls below the line and it reads as no code.
 */

export interface MeantMark extends MappedMark {
  /** 0..1, how sure the reader is of `code` (MARK_CONFIDENCE). */
  confidence: number;
  /** Read by the page's own words rather than the English code set. */
  byPage: boolean;
  /** Below the line: a code was possible but not sure enough to give. */
  doubtful: boolean;
}

const userMapped = (raw: string, map: MapOptions): boolean => {
  if (!map.site?.entries.length) return false;
  const key = labelKey(raw);
  return map.site.entries.some((e) => labelKey(e.raw) === key);
};

export function meanMark(
  m: RawMark,
  session: Session,
  map: MapOptions,
  legend: PageLegend,
): MeantMark {
  if (m.meaning && !userMapped(m.raw, map)) {
    const mm = mapMark(m.meaning, session, map, m.reason);
    return {
      ...mm,
      confidence: mm.code ? MARK_CONFIDENCE.pageWord : 0,
      byPage: true,
      doubtful: false,
    };
  }
  const mm = mapMark(m.raw, session, map, m.reason);
  if (!mm.code) return { ...mm, confidence: 0, byPage: false, doubtful: false };
  let confidence: number = MARK_CONFIDENCE.builtIn;
  if (userMapped(m.raw, map)) confidence = MARK_CONFIDENCE.user;
  else if (((legend.foreign && !m.control) || m.foreignSet) && m.raw.trim().length <= 3) {
    confidence = MARK_CONFIDENCE.unexplainedLetter;
  }
  if (confidence < LINE) {
    return { code: null, unmarked: false, confidence, byPage: false, doubtful: true };
  }
  return { ...mm, confidence, byPage: false, doubtful: false };
}
