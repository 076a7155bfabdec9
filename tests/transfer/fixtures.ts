import type { Band, Figures, Flag } from '../../utils/attendance/types';
import type { PupilExportInput } from '../../utils/transfer/export';

/** Figures with just the counts that matter to a test; the rest derived simply. */
export function figures(possible: number, absent: number, band: Band | null): Figures {
  return {
    possible,
    present: possible - absent,
    authorised: Math.ceil(absent / 2),
    unauthorised: Math.floor(absent / 2),
    lateBeforeClose: 0,
    lateAfterClose: 0,
    notPossible: 0,
    unmarked: 0,
    unknown: 0,
    attendancePct: possible ? Math.round((10000 * (possible - absent)) / possible) / 100 : null,
    absencePct: possible ? Math.round((10000 * absent) / possible) / 100 : null,
    band,
    sessionsUntilPersistent: null,
    presentSessionsToRecover: null,
    maxUnauthorisedIn10Weeks: 0,
  };
}

export const flag = (id: Flag['id'], reason: string): Flag => ({
  id,
  severity: 'medium',
  reason,
  evidence: ['2025-10-06 AM N'],
});

export function pupil(
  id: string,
  name: string,
  group: string,
  band: Band | null,
  flags: Flag[] = [],
): PupilExportInput {
  const absent = { severe: 60, persistent: 14, 'at-risk': 7, none: 2 }[band ?? 'none'];
  return {
    pupilId: id,
    name,
    group,
    figures: figures(band === null ? 0 : 100, band === null ? 0 : absent, band),
    flags,
  };
}
