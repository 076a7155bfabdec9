import type { Figures } from '../../../utils/attendance/types';

/** A persistently absent pupil's figures; override what a test is about. */
export function figures(over: Partial<Figures> = {}): Figures {
  return {
    possible: 100,
    present: 88,
    authorised: 6,
    unauthorised: 6,
    lateBeforeClose: 0,
    lateAfterClose: 0,
    notPossible: 0,
    unmarked: 0,
    unknown: 0,
    attendancePct: 88,
    absencePct: 12,
    band: 'persistent',
    sessionsUntilPersistent: 0,
    presentSessionsToRecover: 21,
    maxUnauthorisedIn10Weeks: 6,
    ...over,
  };
}
