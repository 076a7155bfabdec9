import type { PriorYear } from '../../utils/attendance/prior';
import type { MarkMappingEntry } from '../../utils/registers/mapping';
import type { AskedLabel } from '../../utils/registers/meaning';
import type {
  Band,
  ContextTag,
  Figures,
  Flag,
  FlagId,
  MarkRecord,
  StageId,
  Step,
  StepId,
} from '../../utils/attendance/types';

/**
 * The side panel's view model. Views render these and nothing else, so they can be tested with
 * hand-made data; `data.ts` builds them from the store, the engine and the support rules.
 */

/** A suggested step as the panel shows it: the contract's Step plus who and what to record. */
export interface StepView extends Step {
  role?: string;
  record?: string;
}

/** What changed since the same day last week. */
export interface WeekChange {
  previousBand: Band | null;
  /** Absence points now minus a week ago (null when either has no possible sessions). */
  absencePointsDelta: number | null;
  /** Absence sessions recorded in the last 7 days. */
  newAbsences: number;
}

export interface PupilSummary {
  pupilId: string;
  name: string;
  group: string | null;
  /** Year group, e.g. "Year 7", from the form name where it says so. */
  year: string | null;
  figures: Figures;
  flags: Flag[];
  tags: ContextTag[];
  topStep: StepView | null;
  stage: StageId | null;
  change: WeekChange | null;
}

export type ReviewAction = 'acknowledged' | 'snoozed';

export interface FlagReviewView {
  flagId: FlagId;
  action: ReviewAction;
  until?: string;
  reason: string;
  at: string;
}

export interface QueueItem extends PupilSummary {
  /** The latest review of each flag that still applies (a snooze past its date no longer does). */
  reviews: Partial<Record<FlagId, FlagReviewView>>;
  /** The earliest follow-up date due on or before today, if any. */
  dueFollowUp: string | null;
}

export interface NoteView {
  id: string;
  date: string;
  by: string;
  stepId?: StepId;
  text: string;
  followUp?: string;
}

export interface InterventionView {
  id: string;
  type: string;
  start: string;
  plannedWeeks: number;
  reviewDate: string;
  status: string;
  outcome?: string;
  by?: string;
}

export interface StageView {
  stage: StageId;
  date: string;
  by: string;
  reason: string;
}

/** Attendance before and since an intervention started, in equal windows of school weeks. */
export interface ImpactView {
  interventionId: string;
  type: string;
  weeks: number;
  beforePct: number | null;
  sincePct: number | null;
  beforePossible: number;
  sincePossible: number;
  changePoints: number | null;
  smallNumbers: boolean;
}

export interface WeeklyPoint {
  /** The Monday of the school week. */
  weekStart: string;
  possible: number;
  absent: number;
  /** Attendance that week (null when no possible sessions). */
  attendancePct: number | null;
  /** Attendance from the first week shown up to and including this one. */
  cumulativePct: number | null;
}

export type Weekday = 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri';

export interface HeatCell {
  weekday: Weekday;
  session: 'AM' | 'PM';
  possible: number;
  absent: number;
}

export interface PupilDetail {
  summary: PupilSummary;
  asOf: string;
  marks: MarkRecord[];
  weekly: WeeklyPoint[];
  heatmap: HeatCell[];
  steps: StepView[];
  notes: NoteView[];
  interventions: InterventionView[];
  stageHistory: StageView[];
  impact: ImpactView[];
  /** Last school year's figures, kept apart from this year's (null or absent: none known). */
  priorYear?: PriorYear | null;
}

export interface EvidenceBasis {
  minSessions: number;
  year: { sessionsLeft: number; yearEnd: string } | null;
}

export interface RegisterContext {
  group: string | null;
  date: string | null;
  session: 'AM' | 'PM' | null;
  /** Where the register came from, for the heading ("open in this tab" or "last read"). */
  source: 'active-tab' | 'latest';
  /** The MIS the register belongs to (the store keys pupils per site). */
  siteId?: string;
  /** The pupils the reading listed, in page order (else the group's pupils are shown). */
  pupilIds?: string[];
  /** The reading's mark labels that wait for a mapping ("what does this mean?"). */
  needsMapping?: AskedLabel[];
}

export interface BandMovement {
  from: Band | null;
  to: Band | null;
  count: number;
}

export interface CohortLevel {
  kind: 'school' | 'year' | 'form';
  label: string;
  pupils: number;
  possible: number;
  absent: number;
  absencePct: number | null;
  persistentCount: number;
  persistentPct: number | null;
  severeCount: number;
  severePct: number | null;
  bandCounts: Record<Band | 'unknown', number>;
  movement: BandMovement[];
  weekly: { weekStart: string; absencePct: number | null }[];
}

export interface NationalReference {
  /** e.g. "2024/25". */
  year: string;
  /** The part of the year the figures cover, e.g. "autumn and spring terms 2024/25". */
  period: string;
  /** Where the figures apply, e.g. "England, state-funded primary, secondary and special schools". */
  coverage: string;
  /** Publisher, title and date of the release. */
  source: string;
  overallAbsencePct: number;
  persistentPct: number;
  severePct: number;
}

export interface WhatWorksRow {
  type: string;
  count: number;
  medianChangePoints: number | null;
  improved: number;
  smallNumbers: boolean;
}

export interface CohortData {
  asOf: string;
  /** From the week this far back, for the movement between bands. */
  movementSince: string | null;
  levels: CohortLevel[];
  national: NationalReference;
  whatWorks: WhatWorksRow[];
}

/** What staff record from the panel; `data.ts` turns these into the support records. */
export interface NoteInput {
  id?: string;
  pupilId: string;
  date: string;
  by: string;
  stepId?: StepId;
  text: string;
  followUp?: string;
}

export interface InterventionInput {
  pupilId: string;
  type: string;
  start: string;
  plannedWeeks: number;
  reviewDate: string;
  by: string;
}

export interface FlagReviewInput {
  pupilId: string;
  flagId: FlagId;
  action: ReviewAction;
  until?: string;
  reason: string;
}

export interface PanelPrefs {
  privacyScreen: boolean;
  overlayEnabled: boolean;
}

/**
 * Everything the panel reads and writes. The store-backed source lives in `data.ts`; tests and
 * the demo pass hand-made ones.
 */
export interface PanelSource {
  today(): string;
  currentRegister(): Promise<RegisterContext | null>;
  registerPupils(register: RegisterContext): Promise<PupilSummary[]>;
  /**
   * The school's minimum of sessions for a band and what is left of the year; absent (hand-made
   * sources), the defaults: 20 sessions, year unknown.
   */
  evidenceBasis?(): Promise<EvidenceBasis>;
  queue(): Promise<QueueItem[]>;
  pupil(pupilId: string): Promise<PupilDetail | null>;
  cohort(): Promise<CohortData>;
  saveNote(note: NoteInput): Promise<NoteView>;
  saveIntervention(intervention: InterventionInput): Promise<void>;
  reviewFlag(review: FlagReviewInput): Promise<void>;
  /** Replaces the pupil's context tags (kept on this device only). */
  savePupilTags(pupilId: string, tags: ContextTag[]): Promise<void>;
  loadPrefs(): Promise<PanelPrefs>;
  savePrefs(prefs: Partial<PanelPrefs>): Promise<void>;
  /** Keeps answers of the "what does this mean?" list in the site's mark mapping. */
  saveMarkMapping?(siteId: string, entries: MarkMappingEntry[]): Promise<void>;
  /**
   * Asks the page in the active tab to open teach mode (a page without a register has no overlay
   * to offer it); absent, the panel does not offer it.
   */
  startTeach?(): Promise<{ ok: true } | { ok: false; error: string }>;
  /** Calls back whenever stored data changes; returns the unsubscribe. */
  subscribe(onChange: () => void): () => void;
}
