import { liveQuery } from 'dexie';
import type { ContextTag, FlagId, MarkRecord, Severity } from '../attendance/types';
import {
  flagReviewSchema,
  interventionRecordSchema,
  noteRecordSchema,
  stageRecordSchema,
  type FlagReview,
  type InterventionRecord,
  type NoteRecord,
  type StageRecord,
} from '../support/records';
import type { Timeline } from '../attendance/timeline';
import { pupilYearRange, sessionCount, timelineOfRecords, unpackMarks, yearOf } from './packed';
import {
  db,
  HIGH,
  LOW,
  pupilMarkRange,
  type FiguresRecord,
  type FlagReviewRecord,
  type MarkChange,
  type PupilRecord,
  type SiteRecord,
  type StoredMark,
  type StoredStageRecord,
  type TimelineRecord,
} from './schema';

/** A pupil's stored years (the packed records), oldest first. */
export function pupilTimelineRecords(pupilId: string): Promise<TimelineRecord[]> {
  return db()
    .timelines.where('[pupilId+year]')
    .between(...pupilYearRange(pupilId), true, true)
    .toArray();
}

/** A pupil's stored marks in date and session order. */
export async function pupilMarks(pupilId: string): Promise<StoredMark[]> {
  return (await pupilTimelineRecords(pupilId)).flatMap((record) => unpackMarks(record));
}

/**
 * The engine's timeline of one pupil, read straight from the packed years (no per-mark
 * objects); sessions after `to` are left out.
 */
export async function pupilTimeline(pupilId: string, window: { to?: string } = {}) {
  return timelineOfRecords(await pupilTimelineRecords(pupilId), window);
}

/**
 * Every pupil's timeline in one read of the store, for a whole-school recompute. Records come in
 * key order, so each pupil's years arrive together and oldest first.
 */
export async function allTimelines(window: { to?: string } = {}): Promise<Map<string, Timeline>> {
  const records = await db().timelines.toArray();
  const out = new Map<string, Timeline>();
  let start = 0;
  for (let i = 1; i <= records.length; i++) {
    if (i < records.length && records[i]!.pupilId === records[start]!.pupilId) continue;
    out.set(records[start]!.pupilId, timelineOfRecords(records.slice(start, i), window));
    start = i;
  }
  return out;
}

/** How many marks (sessions) the store holds. */
export async function countMarks(): Promise<number> {
  let n = 0;
  await db().timelines.each((record) => void (n += sessionCount(record)));
  return n;
}

/** The engine's view of stored marks. */
export const toMarkRecords = (marks: readonly StoredMark[]): MarkRecord[] =>
  marks.map((m) => ({ pupilId: m.pupilId, date: m.date, session: m.session, mark: m.mark }));

/** Every change of one pupil's marks, oldest first. */
export async function pupilMarkHistory(pupilId: string): Promise<MarkChange[]> {
  const rows = await db()
    .markHistory.where('[pupilId+date+session]')
    .between(...pupilMarkRange(pupilId), true, true)
    .toArray();
  return rows.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
}

export const getPupil = (pupilId: string): Promise<PupilRecord | undefined> =>
  db().pupils.get(pupilId);

export const allPupils = (): Promise<PupilRecord[]> => db().pupils.toArray();

export const allSites = (): Promise<SiteRecord[]> => db().sites.toArray();

export function pupilsInGroup(siteId: string, group: string | null): Promise<PupilRecord[]> {
  if (group === null)
    return db()
      .pupils.filter((p) => p.siteId === siteId && !p.group)
      .toArray();
  return db().pupils.where('[siteId+group]').equals([siteId, group]).toArray();
}

/** The groups of a site (or of every site), sorted. */
export async function groups(siteId?: string): Promise<string[]> {
  const pupils = siteId
    ? await db()
        .pupils.where('[siteId+group]')
        .between([siteId, LOW], [siteId, HIGH], true, true)
        .toArray()
    : await db().pupils.toArray();
  return [...new Set(pupils.map((p) => p.group).filter((g): g is string => !!g))].sort();
}

export async function setPupilTags(pupilId: string, tags: readonly ContextTag[]): Promise<void> {
  await db().pupils.update(pupilId, { tags: [...new Set(tags)] });
}

export const allFigures = (): Promise<FiguresRecord[]> => db().figures.toArray();

export const pupilFigures = (pupilId: string): Promise<FiguresRecord | undefined> =>
  db().figures.get(pupilId);

export async function saveFigures(records: readonly FiguresRecord[]): Promise<void> {
  if (records.length) await db().figures.bulkPut([...records]);
}

// Reviews: one live review per pupil and flag.

export const reviewId = (pupilId: string, flagId: FlagId): string => `${pupilId}|${flagId}`;

/** Records a review (validated by the support module's schema); a new one replaces the old. */
export async function reviewFlag(review: FlagReview): Promise<FlagReviewRecord> {
  const valid = flagReviewSchema.parse(review);
  const record: FlagReviewRecord = { ...valid, id: reviewId(valid.pupilId, valid.flagId) };
  await db().flagReviews.put(record);
  return record;
}

export async function clearReview(pupilId: string, flagId: FlagId): Promise<void> {
  await db().flagReviews.delete(reviewId(pupilId, flagId));
}

export const allReviews = (): Promise<FlagReviewRecord[]> => db().flagReviews.toArray();

export const pupilReviews = (pupilId: string): Promise<FlagReviewRecord[]> =>
  db().flagReviews.where('pupilId').equals(pupilId).toArray();

/** A review hides its flag: acknowledged for good, snoozed up to and including `until`. */
export const reviewHides = (review: FlagReview | undefined, today: string): boolean =>
  !!review &&
  (review.action === 'acknowledged' || (review.until !== undefined && today <= review.until));

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2 };

export interface FlaggedPupilFilter {
  /** Today, for snoozes (the store has no clock). */
  today: string;
  siteId?: string;
  group?: string;
  flagIds?: readonly FlagId[];
  minSeverity?: Severity;
  tags?: readonly ContextTag[];
  /** Include flags hidden by a review (they come back in `reviewed`). */
  includeReviewed?: boolean;
}

export interface FlaggedPupil {
  pupil: PupilRecord;
  figures: FiguresRecord;
  /** Flags that pass the filter and no review hides. */
  flags: FiguresRecord['flags'];
  /** Flags that pass the filter but a review hides (only with `includeReviewed`). */
  reviewed: FiguresRecord['flags'];
}

/** Pupils with at least one flag left after the filter and their reviews, most severe first. */
export async function flaggedPupils(filter: FlaggedPupilFilter): Promise<FlaggedPupil[]> {
  const store = db();
  const [figures, pupils, reviews] = await Promise.all([
    store.figures.toArray(),
    store.pupils.toArray(),
    store.flagReviews.toArray(),
  ]);
  const pupilById = new Map(pupils.map((p) => [p.id, p]));
  const reviewById = new Map(reviews.map((r) => [r.id, r]));
  const minRank = SEVERITY_RANK[filter.minSeverity ?? 'low'];
  const wantedFlags = filter.flagIds ? new Set(filter.flagIds) : null;
  const out: FlaggedPupil[] = [];
  for (const record of figures) {
    const pupil = pupilById.get(record.pupilId);
    if (!pupil) continue;
    if (filter.siteId && pupil.siteId !== filter.siteId) continue;
    if (filter.group && pupil.group !== filter.group) continue;
    if (filter.tags?.length && !filter.tags.some((t) => pupil.tags.includes(t))) continue;
    const flags: FiguresRecord['flags'] = [];
    const reviewed: FiguresRecord['flags'] = [];
    for (const flag of record.flags) {
      if (SEVERITY_RANK[flag.severity] < minRank) continue;
      if (wantedFlags && !wantedFlags.has(flag.id)) continue;
      if (reviewHides(reviewById.get(reviewId(pupil.id, flag.id)), filter.today)) {
        if (filter.includeReviewed) reviewed.push(flag);
      } else flags.push(flag);
    }
    if (flags.length || reviewed.length) out.push({ pupil, figures: record, flags, reviewed });
  }
  const top = (p: FlaggedPupil) => Math.max(-1, ...p.flags.map((f) => SEVERITY_RANK[f.severity]));
  return out.sort(
    (a, b) =>
      top(b) - top(a) ||
      (b.figures.figures.absencePct ?? 0) - (a.figures.figures.absencePct ?? 0) ||
      a.pupil.name.localeCompare(b.pupil.name, 'en-GB'),
  );
}

// Notes, interventions and stage history: the support module's records, checked by its schemas.

const byDate = <T extends { date: string }>(rows: T[]): T[] =>
  rows.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));

export async function saveNote(note: NoteRecord): Promise<NoteRecord> {
  const valid = noteRecordSchema.parse(note);
  await db().notes.put(valid);
  return valid;
}
export const deleteNote = (id: string): Promise<void> => db().notes.delete(id);
export const pupilNotes = async (pupilId: string): Promise<NoteRecord[]> =>
  byDate(await db().notes.where('pupilId').equals(pupilId).toArray());
export const allNotes = (): Promise<NoteRecord[]> => db().notes.toArray();

export async function saveIntervention(record: InterventionRecord): Promise<InterventionRecord> {
  const valid = interventionRecordSchema.parse(record);
  await db().interventions.put(valid);
  return valid;
}
export const deleteIntervention = (id: string): Promise<void> => db().interventions.delete(id);
export const pupilInterventions = async (pupilId: string): Promise<InterventionRecord[]> =>
  (await db().interventions.where('pupilId').equals(pupilId).toArray()).sort((x, y) =>
    x.start < y.start ? -1 : x.start > y.start ? 1 : 0,
  );
export const allInterventions = (): Promise<InterventionRecord[]> => db().interventions.toArray();

/** Adds a stage change; one without an id gets a fresh one. */
export async function addStageRecord(record: StageRecord): Promise<StoredStageRecord> {
  const valid = stageRecordSchema.parse(record);
  const stored: StoredStageRecord = { ...valid, id: valid.id ?? crypto.randomUUID() };
  await db().stageHistory.put(stored);
  return stored;
}
/** A pupil's stage changes in the order they were recorded (ids are not ordered, so by date). */
export const pupilStageHistory = async (pupilId: string): Promise<StoredStageRecord[]> =>
  byDate(await db().stageHistory.where('pupilId').equals(pupilId).toArray());
export const allStageHistory = (): Promise<StoredStageRecord[]> => db().stageHistory.toArray();

export const importBatches = () => db().importBatches.orderBy('id').toArray();

/**
 * The register mark observed most recently (the latest dated among those observed at that
 * moment), for views with no better idea of which register is open. One indexed read: each year
 * record carries the latest time a register was observed for it.
 */
export async function latestRegisterMark(): Promise<StoredMark | null> {
  const record = await db().timelines.orderBy('registerAt').last();
  if (!record) return null;
  let best: StoredMark | null = null;
  for (const mark of unpackMarks(record)) {
    if (mark.source !== 'register' || mark.observedAt !== record.registerAt) continue;
    best = mark;
  }
  return best;
}

/** Every stored mark dated from `from` to `to`, both included. */
export async function marksBetween(from: string, to: string): Promise<StoredMark[]> {
  if (from > to) return [];
  const records = await db()
    .timelines.where('year')
    .between(yearOf(from), yearOf(to), true, true)
    .toArray();
  return records.flatMap((record) => unpackMarks(record, { from, to }));
}

// Site mappings (taught layouts and mark mappings): the register module owns `data`.

export const getSiteMapping = (siteId: string) => db().siteMappings.get(siteId);

export async function putSiteMapping(siteId: string, data: unknown, at: string): Promise<void> {
  await db().siteMappings.put({ siteId, data, updatedAt: at });
}

/** Every site's mapping record: the options page lists them so a user can remove what they taught. */
export const allSiteMappings = () => db().siteMappings.toArray();

/**
 * Watches a query across every context of the extension origin (the worker's writes included)
 * and calls `onValue` with each new result. Returns the unsubscribe. Components use this, never
 * Dexie itself.
 */
export function observe<T>(
  query: () => Promise<T>,
  onValue: (value: T) => void,
  onError: (error: unknown) => void = (error) => console.error('Register Lens store:', error),
): () => void {
  const subscription = liveQuery(query).subscribe({ next: onValue, error: onError });
  return () => subscription.unsubscribe();
}
