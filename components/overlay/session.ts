import type { Thresholds } from '../../utils/attendance/thresholds';
import type { Figures } from '../../utils/attendance/types';
import type { PupilBadge } from '../../utils/messaging/protocol';
import type { Reading } from '../../utils/registers/schema';
import type { OverlayController } from './controller';
import { DEFAULT_BADGE_CONTEXT, type BadgeInput } from './model';
import { withLiveMarks, type LiveMark } from './preview';

/**
 * From readings to badges: each reading goes to the background, and its reply (the stored
 * figures and flags per pupil) becomes the badges. Readings come faster than replies while a
 * tutor marks; only the newest reading's reply is drawn.
 */
export type ReadingReply =
  | {
      ok: true;
      pupils: readonly PupilBadge[];
      year?: { sessionsLeft: number; yearEnd: string } | null | undefined;
    }
  | { ok: false; error: string };

export interface OverlaySessionOptions {
  overlay: OverlayController;
  /** The school's thresholds for the live preview's band (defaults when unknown). */
  thresholds?: Thresholds;
}

/**
 * A reading on its way to the worker. The content script sends it the moment it is read (the
 * store must not wait for the overlay to load), and hands the overlay the pending reply.
 */
export interface SentReading {
  reading: Reading;
  saved: boolean;
  reply: Promise<ReadingReply>;
}

export interface OverlaySession {
  /** A new reading of the page (null: the page has no register the reader understands). */
  reading(sent: SentReading | null): Promise<void>;
}

const ZERO: Figures = {
  possible: 0,
  present: 0,
  authorised: 0,
  unauthorised: 0,
  lateBeforeClose: 0,
  lateAfterClose: 0,
  notPossible: 0,
  unmarked: 0,
  unknown: 0,
  attendancePct: null,
  absencePct: null,
  band: null,
  sessionsUntilPersistent: null,
  presentSessionsToRecover: null,
  maxUnauthorisedIn10Weeks: 0,
};

/**
 * Today's marks the store has not taken (CONTRACTS §2: editable marks of an untaken, unsaved
 * register are shown live, never stored). Once the page says it is taken, or the user saved, the
 * background stores them and its figures already count them.
 */
export function unsavedMarks(reading: Reading, saved: boolean): Map<string, LiveMark[]> {
  const live = new Map<string, LiveMark[]>();
  if (saved || reading.taken === true) return live;
  for (const pupil of reading.pupils) {
    const marks = pupil.marks
      .filter((m) => m.editable && m.code)
      .map((m) => ({ date: m.date, session: m.session, code: m.code }));
    if (marks.length) live.set(pupil.key, marks);
  }
  return live;
}

export function badgesFor(
  reading: Reading,
  pupils: readonly PupilBadge[],
  saved: boolean,
  thresholds?: Thresholds,
): BadgeInput[] {
  const byKey = new Map(pupils.map((p) => [p.key, p]));
  const unsaved = unsavedMarks(reading, saved);
  return reading.pupils.map((pupil) => {
    const stored = byKey.get(pupil.key);
    const marks = unsaved.get(pupil.key);
    const base = stored?.figures ?? null;
    const start = base ?? ZERO;
    const previewed = marks ? withLiveMarks(start, marks, thresholds) : start;
    const live = previewed !== start;
    return {
      key: pupil.key,
      name: pupil.name,
      figures: live ? previewed : base,
      flags: stored?.flags ?? [],
      live,
    };
  });
}

export function createOverlaySession(options: OverlaySessionOptions): OverlaySession {
  let latest = 0;
  return {
    async reading(sent) {
      const id = ++latest;
      if (!sent) {
        options.overlay.show([]);
        options.overlay.setStatus('no-register');
        return;
      }
      const { reading, saved } = sent;
      let reply: ReadingReply;
      try {
        reply = await sent.reply;
      } catch (error) {
        reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      if (id !== latest) return;
      if (!reply.ok) {
        // Still worth drawing the live marks: the tutor sees today's picture, if not the year's.
        options.overlay.show(badgesFor(reading, [], saved, options.thresholds));
        options.overlay.setStatus('error', 'Register Lens could not reach its store.');
        return;
      }
      options.overlay.setContext({
        minSessions: options.thresholds?.fewSessions ?? DEFAULT_BADGE_CONTEXT.minSessions,
        year: reply.year ?? null,
      });
      options.overlay.show(badgesFor(reading, reply.pupils, saved, options.thresholds));
      options.overlay.setStatus('ready', saved ? 'Register saved: figures updated.' : null);
    },
  };
}
