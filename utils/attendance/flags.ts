import { fromDayNumber } from './calendar';
import { maxUnauthorisedInWeeks, pct2 } from './figures';
import {
  compileCalendar,
  countSchoolDays,
  isCompiledSchoolDay,
  upperBoundDay,
  type CompiledCalendar,
} from './school-days';
import { priorYearFlags, type PriorYear } from './prior';
import type { Thresholds } from './thresholds';
import { Cat, evidenceAt, isAbsentCat, type Timeline } from './timeline';
import type { SchoolCalendar } from './calendar';
import type { Figures, Flag, FlagId, Severity } from './types';

/**
 * Early-warning flags. Each names the numbers behind it and lists its evidence sessions.
 *
 * Windows such as "the last 4 school weeks" are counted in the pupil's own school weeks: the
 * Monday-to-Sunday weeks, up to `asOf`, in which the pupil has at least one possible session.
 * That is the contract's definition for the 10-week penalty window, and it means holidays,
 * weeks before the pupil joined and weeks with no data imported yet never dilute a window.
 */

export interface FlagContext {
  t: Timeline;
  /** The year-to-date index range [start, end) of the timeline, `end` being just past `asOf`. */
  start: number;
  end: number;
  asOf: string;
  asOfDay: number;
  figures: Figures;
  /** Figures over the last `recentWeeks` school weeks. */
  recent: Figures;
  /** Timeline index where the last N school weeks begin: `weekStartIndex(N)`. */
  weekStartIndex: (weeks: number) => number;
  thresholds: Thresholds;
  calendar: SchoolCalendar;
  /** The previous academic year's figures, when last year's evidence was asked for and found. */
  priorYear?: PriorYear | null;
}

export const FLAG_ORDER: readonly FlagId[] = [
  'possible-missing-education',
  'severe-absence',
  'persistent-absence',
  'penalty-threshold',
  'consecutive-absence',
  'part-time-timetable',
  'at-risk',
  'near-persistent',
  'recent-decline',
  'projected-persistent',
  'absence-spells',
  'weekday-pattern',
  'unresolved-reason',
  'lateness',
  'prior-year-severe',
  'prior-year-persistent',
  'few-sessions',
];
const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

const WEEKDAYS = [
  'Mondays',
  'Tuesdays',
  'Wednesdays',
  'Thursdays',
  'Fridays',
  'Saturdays',
  'Sundays',
];
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const fmtPct = (n: number | null) => (n === null ? 'n/a' : `${n}%`);
const weekdayOfDay = (day: number) => (((day + 3) % 7) + 7) % 7;

function absences(t: Timeline, start: number, end: number): string[] {
  const out: string[] = [];
  for (let i = start; i < end; i++) if (isAbsentCat(t.cats[i]!)) out.push(evidenceAt(t, i));
  return out;
}

/** The latest run of possible sessions matching `inRun`, skipping sessions that are not possible. */
function latestRun(
  t: Timeline,
  start: number,
  end: number,
  inRun: (cat: number) => boolean,
): { first: number; last: number; length: number; ongoing: boolean } | null {
  let i = end - 1;
  let ongoing = true;
  while (i >= start && !(t.cats[i]! <= Cat.unauthorised && inRun(t.cats[i]!))) {
    if (t.cats[i]! <= Cat.unauthorised) ongoing = false;
    i--;
  }
  if (i < start) return null;
  const last = i;
  let first = i;
  let length = 0;
  for (; i >= start; i--) {
    const c = t.cats[i]!;
    if (c > Cat.unauthorised) continue;
    if (!inRun(c)) break;
    first = i;
    length++;
  }
  return { first, last, length, ongoing };
}

function runEvidence(t: Timeline, first: number, last: number, inRun: (c: number) => boolean) {
  const out: string[] = [];
  for (let i = first; i <= last; i++) {
    const c = t.cats[i]!;
    if (c <= Cat.unauthorised && inRun(c)) out.push(evidenceAt(t, i));
  }
  return out;
}

const isUnauth = (c: number) => c === Cat.unauthorised;

export function computeFlags(ctx: FlagContext): Flag[] {
  const { t, start, end, figures: f, recent, thresholds: th } = ctx;
  const flags: Flag[] = [];
  const add = (id: FlagId, severity: Severity, reason: string, evidence: string[]) =>
    flags.push({ id, severity, reason, evidence });

  const p = f.possible;
  const a = f.authorised + f.unauthorised;
  const T = th.persistentPct;
  const isPersistent = p > 0 && 100 * a >= T * p;
  const few = p < th.fewSessions;
  const recentStart = ctx.weekStartIndex(th.recentWeeks);
  let ytdAbsences: string[] | null = null;
  const ytd = () => (ytdAbsences ??= absences(t, start, end));
  const absentOf = `absent for ${a} of ${plural(p, 'possible session')} (${fmtPct(f.absencePct)})`;

  // Bands. With few possible sessions a rate swings wildly, so a caveat replaces the band.
  if (few) {
    add(
      'few-sessions',
      'low',
      p === 0
        ? 'No possible sessions recorded yet, so there are no figures to judge.'
        : `Based on ${plural(p, 'session')} only: ${absentOf}. Too few sessions for a firm band yet.`,
      [],
    );
  } else {
    const rec = f.presentSessionsToRecover ?? 0;
    const until = f.sessionsUntilPersistent ?? 0;
    if (100 * a >= th.severePct * p) {
      add(
        'severe-absence',
        'high',
        `Severely absent: ${absentOf}, at or above ${th.severePct}%. ${plural(rec, 'session')} in a row present would bring absence under ${T}%.`,
        ytd(),
      );
    } else if (isPersistent) {
      add(
        'persistent-absence',
        'high',
        `Persistently absent: ${absentOf}, at or above ${T}%. ${plural(rec, 'session')} in a row present would bring absence under ${T}%.`,
        ytd(),
      );
    } else if (100 * a >= th.atRiskPct * p) {
      add(
        'at-risk',
        'medium',
        `At risk: ${absentOf}, at or above ${th.atRiskPct}%. ${plural(until, 'more absent session')} would mean persistent absence.`,
        ytd(),
      );
    }
    if (!isPersistent && until <= th.nearPersistentSessions) {
      add(
        'near-persistent',
        'medium',
        `${plural(until, 'more absent session')} and the pupil is persistently absent (now ${a} of ${p}, ${fmtPct(f.absencePct)}).`,
        ytd(),
      );
    }
  }

  // Recent decline against the year to date, compared on exact ratios.
  const rp = recent.possible;
  const ra = recent.authorised + recent.unauthorised;
  if (
    rp >= th.recentDeclineMinSessions &&
    p > 0 &&
    100 * ra >= th.recentDeclinePct * rp &&
    100 * (ra * p - a * rp) >= th.recentDeclinePoints * rp * p
  ) {
    const points = Math.round((100 * ra) / rp - (100 * a) / p);
    add(
      'recent-decline',
      'medium',
      `Absence over the last ${plural(th.recentWeeks, 'school week')} is ${fmtPct(recent.absencePct)} (${ra} of ${rp} sessions), about ${points} points above the year to date (${fmtPct(f.absencePct)}).`,
      absences(t, recentStart, end),
    );
  }

  // Projection: the recent rate carried over the sessions left in the school year.
  if (!few && !isPersistent && rp > 0 && ra > 0) {
    const cal = compileCalendar(ctx.calendar);
    const left = 2 * countSchoolDays(cal, ctx.asOfDay, cal.end);
    if (left > 0 && 100 * (a * rp + ra * left) >= T * rp * (p + left)) {
      const projected = pct2(a * rp + ra * left, rp * (p + left));
      add(
        'projected-persistent',
        'medium',
        `At the rate of the last ${plural(th.recentWeeks, 'school week')} (${fmtPct(recent.absencePct)}), with about ${left} sessions left this school year, absence would end the year at about ${fmtPct(projected)}, at or above ${T}%.`,
        absences(t, recentStart, end),
      );
    }
  }

  // Spells: runs of consecutive absent possible sessions; other sessions do not break a run.
  {
    const from = ctx.weekStartIndex(th.spellsWeeks);
    let spells = 0;
    let sessions = 0;
    let inSpell = false;
    const evidence: string[] = [];
    for (let i = from; i < end; i++) {
      const c = t.cats[i]!;
      if (c > Cat.unauthorised) continue;
      if (isAbsentCat(c)) {
        if (!inSpell) spells++;
        inSpell = true;
        sessions++;
        evidence.push(evidenceAt(t, i));
      } else inSpell = false;
    }
    if (spells >= th.spellsCount) {
      add(
        'absence-spells',
        'medium',
        `${spells} separate spells of absence in the last ${plural(th.spellsWeeks, 'school week')} (${plural(sessions, 'session')} in all).`,
        evidence,
      );
    }
  }

  // Weekday pattern: days with absence, by weekday.
  {
    const from = ctx.weekStartIndex(th.weekdayWeeks);
    const perWeekday = [0, 0, 0, 0, 0, 0, 0];
    let days = 0;
    let lastDay = -1;
    for (let i = from; i < end; i++) {
      if (!isAbsentCat(t.cats[i]!) || t.days[i] === lastDay) continue;
      lastDay = t.days[i]!;
      days++;
      perWeekday[weekdayOfDay(lastDay)]!++;
    }
    let best = 0;
    for (let w = 1; w < 7; w++) if (perWeekday[w]! > perWeekday[best]!) best = w;
    const n = perWeekday[best]!;
    if (n >= th.weekdayMinDays && n >= th.weekdayShare * days) {
      const evidence: string[] = [];
      for (let i = from; i < end; i++) {
        if (isAbsentCat(t.cats[i]!) && weekdayOfDay(t.days[i]!) === best) {
          evidence.push(evidenceAt(t, i));
        }
      }
      add(
        'weekday-pattern',
        'medium',
        `${n} of the ${plural(days, 'day')} with absence in the last ${plural(th.weekdayWeeks, 'school week')} were ${WEEKDAYS[best]}.`,
        evidence,
      );
    }
  }

  // Runs of absence. Only a run that is ongoing or ended within the recent window is raised, so a
  // long-past illness does not keep a pupil flagged for the rest of the year.
  {
    const run = latestRun(t, start, end, isAbsentCat);
    if (run && run.length >= th.consecutiveSessions && run.last >= recentStart) {
      add(
        'consecutive-absence',
        'high',
        run.ongoing
          ? `Absent for the last ${run.length} sessions in a row (since ${t.dates[run.first]} ${t.sessions[run.first]}).`
          : `Absent for ${run.length} sessions in a row, from ${t.dates[run.first]} ${t.sessions[run.first]} to ${t.dates[run.last]} ${t.sessions[run.last]}.`,
        runEvidence(t, run.first, run.last, isAbsentCat),
      );
    }
    const unauth = latestRun(t, start, end, isUnauth);
    if (unauth && unauth.length >= th.missingEducationSessions && unauth.last >= recentStart) {
      add(
        'possible-missing-education',
        'high',
        `Absent without authorisation for ${unauth.length} sessions in a row (${unauth.length / 2} school days) from ${t.dates[unauth.first]}${unauth.ongoing ? ', and still absent' : ` to ${t.dates[unauth.last]}`}. A child absent without explanation for 10 school days in a row must be raised with the local authority as possibly missing education.`,
        runEvidence(t, unauth.first, unauth.last, isUnauth),
      );
    }
  }

  // Unexplained absences still coded N after the school has had days to establish a reason.
  {
    let cal: CompiledCalendar | null = null;
    let extra: Int32Array | null = null;
    const evidence: string[] = [];
    let oldest = 0;
    for (let i = start; i < end; i++) {
      if (t.cats[i] !== Cat.unauthorised || t.marks[i] !== 'N') continue;
      if (!cal) {
        cal = compileCalendar(ctx.calendar);
        extra = pupilOnlyDays(t, start, end, cal);
      }
      // School days after the mark: the calendar's, plus days the pupil was marked that the
      // calendar does not know (a school whose real dates differ from the default calendar).
      const age =
        countSchoolDays(cal, t.days[i]!, ctx.asOfDay) +
        (upperBoundDay(extra!, ctx.asOfDay) - upperBoundDay(extra!, t.days[i]!));
      if (age >= th.unresolvedSchoolDays) {
        evidence.push(evidenceAt(t, i));
        oldest = Math.max(oldest, age);
      }
    }
    if (evidence.length > 0) {
      add(
        'unresolved-reason',
        'medium',
        `${plural(evidence.length, 'absence')} still coded N (no reason yet) ${th.unresolvedSchoolDays} or more school days on, the oldest ${oldest} school days ago.`,
        evidence,
      );
    }
  }

  // Lateness: L (before the register closed) and U (after it closed).
  {
    const from = ctx.weekStartIndex(th.latenessWeeks);
    let before = 0;
    let after = 0;
    const evidence: string[] = [];
    for (let i = from; i < end; i++) {
      const m = t.marks[i];
      const c = t.cats[i];
      if ((m === 'L' && c === Cat.present) || (m === 'U' && c === Cat.unauthorised)) {
        if (m === 'L') before++;
        else after++;
        evidence.push(evidenceAt(t, i));
      }
    }
    if (before + after >= th.latenessCount) {
      add(
        'lateness',
        'low',
        `Late ${before + after} times in the last ${plural(th.latenessWeeks, 'school week')} (${before} before the register closed, ${after} after).`,
        evidence,
      );
    }
  }

  // The national framework's prompt; worded to review support first.
  {
    const win = maxUnauthorisedInWeeks(t, start, end, th.penaltyWeeks);
    if (win.max >= th.penaltySessions) {
      const evidence: string[] = [];
      for (let i = start; i < end; i++) {
        const w = t.weeks[i]!;
        if (t.cats[i] === Cat.unauthorised && w >= win.fromWeek && w <= win.toWeek) {
          evidence.push(evidenceAt(t, i));
        }
      }
      const from = fromDayNumber(win.fromWeek * 7 - 3);
      const to = fromDayNumber(win.toWeek * 7 + 1);
      add(
        'penalty-threshold',
        'high',
        `${win.max} unauthorised absences within ${plural(th.penaltyWeeks, 'school week')} (weeks of ${from} to ${to}): review the support in place; under the national framework a penalty notice must now be considered.`,
        evidence,
      );
    }
  }

  // A part-time timetable (C2) is meant to be temporary and reviewed: flag one that has run for
  // the last N school weeks. A current week with no C2 yet (a Monday before the usual C2 day)
  // does not break the run: the N weeks before it are looked at instead.
  {
    const partTime = partTimeRun(t, start, end, th.partTimeWeeks);
    if (partTime) {
      add(
        'part-time-timetable',
        'medium',
        `On a part-time timetable (C2) in each of the last ${plural(th.partTimeWeeks, 'school week')}: ${plural(partTime.length, 'C2 session')} since ${partTime[0]!.slice(0, 10)}. Part-time timetables are meant to be temporary, agreed and reviewed.`,
        partTime,
      );
    }
  }

  flags.push(...priorYearFlags(ctx.priorYear ?? null, f, th));

  return flags.sort(
    (x, y) =>
      SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity] ||
      FLAG_ORDER.indexOf(x.id) - FLAG_ORDER.indexOf(y.id),
  );
}

const isC2 = (t: Timeline, i: number) => t.marks[i] === 'C2' && t.cats[i] === Cat.authorised;

/**
 * The C2 sessions (as evidence) of the last `weeks` school weeks when every one of them holds at
 * least one; null otherwise. School weeks are the pupil's own (a possible session in the week).
 */
function partTimeRun(t: Timeline, start: number, end: number, weeks: number): string[] | null {
  // Per school week, latest first: its first index and whether it holds a C2 session.
  const list: { week: number; from: number; c2: boolean }[] = [];
  for (let i = end - 1; i >= start && list.length <= weeks; i--) {
    if (t.cats[i]! > Cat.unauthorised) continue;
    const w = t.weeks[i]!;
    const last = list[list.length - 1];
    if (!last || last.week !== w) list.push({ week: w, from: i, c2: isC2(t, i) });
    else {
      last.from = i;
      last.c2 ||= isC2(t, i);
    }
  }
  const skipCurrent = list.length > 0 && !list[0]!.c2 ? 1 : 0;
  const window = list.slice(skipCurrent, skipCurrent + weeks);
  if (window.length < weeks || !window.every((w) => w.c2)) return null;
  const from = window[window.length - 1]!.from;
  const to = skipCurrent ? list[0]!.from : end;
  const out: string[] = [];
  for (let i = from; i < to; i++) if (isC2(t, i)) out.push(evidenceAt(t, i));
  return out;
}

/** Distinct days with a possible session of the pupil that the calendar does not count. */
function pupilOnlyDays(t: Timeline, start: number, end: number, cal: CompiledCalendar): Int32Array {
  const out: number[] = [];
  for (let i = start; i < end; i++) {
    const d = t.days[i]!;
    if (t.cats[i]! > Cat.unauthorised || out[out.length - 1] === d) continue;
    if (!isCompiledSchoolDay(cal, d)) out.push(d);
  }
  return Int32Array.from(out);
}
