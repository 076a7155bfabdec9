import { categorise, isAbsence, isPossible, isPresence } from '../../utils/attendance/codes';
import type { Thresholds } from '../../utils/attendance/thresholds';
import { DEFAULT_THRESHOLDS } from '../../utils/attendance/thresholds-defaults';
import type { Band, Figures } from '../../utils/attendance/types';
import type { Session } from '../../utils/registers/schema';

/**
 * The live preview: stored figures with the marks the tutor has entered but not yet saved folded
 * in, so a badge moves as the register is marked. Nothing here is stored (CONTRACTS §2: editable
 * marks of an untaken register are shown live but never stored). Only the counts and the figures
 * derived from them change; flags stay the engine's until the marks are saved.
 */
export interface LiveMark {
  date: string;
  session: Session;
  /** The code now in the page's control (null or '' when unmarked). */
  code: string | null;
  /** The code already stored for this session, if any: it is replaced, not counted twice. */
  storedCode?: string | null;
}

type Delta = Pick<Figures, 'possible' | 'present' | 'authorised' | 'unauthorised'>;

function add(delta: Delta, code: string | null | undefined, date: string, sign: 1 | -1): void {
  const category = categorise(code ?? '', date);
  if (!isPossible(category)) return;
  delta.possible += sign;
  if (isPresence(category)) delta.present += sign;
  else if (category === 'authorised') delta.authorised += sign;
  else if (isAbsence(category)) delta.unauthorised += sign;
}

export function bandFor(absent: number, possible: number, t: Thresholds): Band | null {
  if (possible === 0) return null;
  // Compare the exact ratio, never a rounded percentage (CONTRACTS §2).
  const over = (line: number) => absent * 100 >= line * possible;
  if (over(t.severePct)) return 'severe';
  if (over(t.persistentPct)) return 'persistent';
  if (over(t.atRiskPct)) return 'at-risk';
  return 'none';
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Smallest k with (a + k) / (p + k) ≥ line; 0 when already there. */
function untilLine(a: number, p: number, linePct: number): number {
  if (linePct >= 100) return a >= p ? 0 : Infinity;
  const k = Math.ceil((linePct * p - 100 * a) / (100 - linePct));
  return Math.max(0, k);
}
/** Smallest m with a / (p + m) < line. */
function toRecover(a: number, p: number, linePct: number): number {
  if (linePct <= 0) return 0;
  if (a * 100 < linePct * p) return 0;
  return Math.floor((100 * a) / linePct) - p + 1;
}

export function withLiveMarks(
  figures: Figures,
  marks: readonly LiveMark[],
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): Figures {
  const delta: Delta = { possible: 0, present: 0, authorised: 0, unauthorised: 0 };
  for (const mark of marks) {
    if ((mark.storedCode ?? '') === (mark.code ?? '')) continue;
    add(delta, mark.storedCode, mark.date, -1);
    add(delta, mark.code, mark.date, 1);
  }
  if (!delta.possible && !delta.present && !delta.authorised && !delta.unauthorised) {
    return figures;
  }
  const possible = Math.max(0, figures.possible + delta.possible);
  const present = Math.max(0, figures.present + delta.present);
  const authorised = Math.max(0, figures.authorised + delta.authorised);
  const unauthorised = Math.max(0, figures.unauthorised + delta.unauthorised);
  const absent = authorised + unauthorised;
  const none = possible === 0;
  return {
    ...figures,
    possible,
    present,
    authorised,
    unauthorised,
    attendancePct: none ? null : round2((100 * present) / possible),
    absencePct: none ? null : round2((100 * absent) / possible),
    band: bandFor(absent, possible, thresholds),
    sessionsUntilPersistent: none ? null : untilLine(absent, possible, thresholds.persistentPct),
    presentSessionsToRecover: none ? null : toRecover(absent, possible, thresholds.persistentPct),
  };
}
