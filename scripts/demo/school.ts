import {
  academicYearStart,
  addDays,
  englishBankHolidays,
  englishSchoolYear,
  isSchoolDay,
  schoolDaysBetween,
  weekdayOf,
  yearEnd,
  type SchoolCalendar,
} from '../../utils/attendance/calendar';
import type { ContextTag, MarkRecord } from '../../utils/attendance/types';
import type { Session } from '../../utils/registers/schema';
import { NAME_POOLS, TUTOR_SURNAMES, TUTOR_TITLES } from './names';

/**
 * The demo school: a deterministic synthetic secondary school whose marks look like a real
 * school's (most pupils above 95%, a tail at 90-95%, about a fifth persistently absent, a few
 * severely absent, weekday patterns, runs of N, lates, illness, appointments). The same inputs
 * always give the same school; nothing here reads the clock ("today" is passed in).
 */

export type PupilPattern =
  | 'regular'
  | 'at-risk'
  | 'persistent-spells'
  | 'persistent-weekday'
  | 'persistent-illness'
  | 'persistent-lateness'
  | 'declining'
  | 'severe'
  | 'part-time-timetable'
  | 'dual-registered';

export interface DemoPupil {
  /** Admission number: the `pupil_id` of the marks CSV and the id every demo page shows. */
  id: string;
  /** A unique pupil number in the UPN format (made up, with a valid check letter). */
  upn: string;
  forename: string;
  surname: string;
  /** "Forename Surname". */
  name: string;
  form: string;
  year: number;
  tags: ContextTag[];
  pattern: PupilPattern;
  /** The absence rate the pattern aims at over the year (the marks are drawn, so they vary). */
  targetAbsence: number;
  /** 0 = Monday … 4 = Friday, for weekday patterns and the dual-registered pupil's other school. */
  weekday: number | null;
  /** School days of unexplained absence (N) running up to today, left unresolved. */
  unresolvedDays: number;
}

export interface DemoForm {
  id: string;
  year: number;
  tutor: string;
  room: string;
  pupilIds: string[];
}

export interface DemoSchool {
  name: string;
  seed: number;
  forms: DemoForm[];
  /** In register order: by form, then surname and forename. */
  pupils: DemoPupil[];
  calendar: SchoolCalendar;
  /** INSET days: planned closures marked `#` for everyone. */
  insetDays: string[];
  /** The days that carry marks (school days and INSET days) before `today`, in order. */
  markedDays: string[];
  /**
   * Every pupil's marks on every marked day, AM then PM. Pupil-major in `pupils` order, so pupil
   * i's mark for markedDays[d] is at index (i × markedDays.length + d) × 2 (+1 for PM).
   */
  marks: MarkRecord[];
  /** What each pupil does on `today` (AM and PM): the registers to be taken, not yet a record. */
  todayMarks: MarkRecord[];
  /** The date asked for. */
  requestedToday: string;
  /** The register date: the most recent school day on or before the date asked for. */
  today: string;
  /** A whole-form educational visit (V) shortly before today, when there is room for one. */
  visit: { form: string; date: string } | null;
}

export interface GenerateOptions {
  pupils?: number;
  seed?: number;
  /** ISO date; the school year is the English academic year holding it. */
  today: string;
}

export const SCHOOL_NAME = 'Oakfield Academy (demo)';
export const MARKS_CSV_HEADER = 'pupil_id,name,group,date,session,mark';

type Rng = () => number;

/** mulberry32: small, fast and good enough for made-up attendance. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Each pupil draws from a stream of its own, so one pupil's marks never shift another's.
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

function weighted<T>(rng: Rng, table: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of table) total += w;
  let u = rng() * total;
  for (const [value, w] of table) {
    u -= w;
    if (u < 0) return value;
  }
  return table[table.length - 1]![0];
}

const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** A 13-character UPN: check letter, LA code, establishment number, year, serial. */
function upnFor(serial: number, entryYear: number): string {
  const digits = `999${'4001'}${String(entryYear % 100).padStart(2, '0')}${String(serial % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i + 2);
  return UPN_LETTERS[sum % 23]! + digits;
}

// ---------------------------------------------------------------------------------------------
// Pupils

interface Draft {
  forename: string;
  surname: string;
  form: DemoForm;
  tags: ContextTag[];
  pattern: PupilPattern;
  serial: number;
}

function drawTags(rng: Rng): ContextTag[] {
  const tags: ContextTag[] = [];
  const fsm = rng() < 0.25;
  if (fsm) tags.push('fsm');
  const ehcp = rng() < 0.025;
  if (ehcp || rng() < 0.13) tags.push('send');
  if (ehcp) tags.push('ehcp');
  const lookedAfter = rng() < 0.008;
  if (lookedAfter) tags.push('looked-after');
  if (lookedAfter || rng() < (fsm ? 0.07 : 0.015)) tags.push('social-worker');
  if (rng() < 0.025) tags.push('young-carer');
  return tags;
}

// Pupils eligible for free school meals are about twice as likely to be persistently absent, and
// pupils with SEND more likely too; the base shares are scaled so the school's overall figures
// stay near the national ones.
function drawPattern(rng: Rng, tags: readonly ContextTag[]): PupilPattern {
  const m = (tags.includes('fsm') ? 2 : 1) * (tags.includes('send') ? 1.4 : 1);
  const u = rng();
  const severe = 0.018 * m;
  const persistent = 0.13 * m;
  const atRisk = 0.13;
  if (u < severe) return 'severe';
  if (u < severe + persistent) {
    return weighted<PupilPattern>(rng, [
      ['persistent-spells', 35],
      ['persistent-weekday', 25],
      ['persistent-illness', 15],
      ['persistent-lateness', 10],
      ['declining', 15],
    ]);
  }
  if (u < severe + persistent + atRisk) return 'at-risk';
  return 'regular';
}

function makeForms(pupils: number, rng: Rng): DemoForm[] {
  // Real forms hold about 30; a bigger school has more forms, not bigger ones.
  const perYear = Math.min(26, Math.max(1, Math.round(pupils / 150)));
  const forms: DemoForm[] = [];
  const tutors = new Set<string>();
  for (let year = 7; year <= 11; year++) {
    for (let f = 0; f < perYear; f++) {
      let tutor: string;
      do {
        tutor = `${pick(rng, TUTOR_TITLES)} ${String.fromCharCode(65 + Math.floor(rng() * 26))}. ${pick(rng, TUTOR_SURNAMES)}`;
      } while (tutors.has(tutor) && tutors.size < TUTOR_SURNAMES.length * 10);
      tutors.add(tutor);
      const letter = String.fromCharCode(65 + f);
      forms.push({
        id: `${year}${letter}`,
        year,
        tutor,
        room: `${'ABCDEFGH'[(year - 7 + f) % 8]}${10 + ((f * 3 + year) % 20)}`,
        pupilIds: [],
      });
    }
  }
  return forms;
}

function drawName(rng: Rng): { forename: string; surname: string } {
  const pool = weighted(
    rng,
    NAME_POOLS.map((p) => [p, p.weight] as const),
  );
  // Some families mix: a forename from another pool now and then.
  const forenamePool = rng() < 0.12 ? pick(rng, NAME_POOLS) : pool;
  let surname = pick(rng, pool.surnames);
  if (rng() < 0.03) surname = `${surname}-${pick(rng, pick(rng, NAME_POOLS).surnames)}`;
  return { forename: pick(rng, forenamePool.forenames), surname };
}

// ---------------------------------------------------------------------------------------------
// Calendar

interface YearDays {
  calendar: SchoolCalendar;
  inset: Set<string>;
  /** School days and INSET days of the whole year, in order. */
  days: string[];
  /** Per entry of `days`: its weekday (0 = Monday), and whether it is an INSET day. */
  weekdays: number[];
  isInset: boolean[];
  today: string;
}

function yearDays(requestedToday: string): YearDays {
  const startYear = academicYearStart(requestedToday);
  const calendar = englishSchoolYear(startYear);
  const bank = new Set(englishBankHolidays(startYear));
  const first = calendar.terms[0]!.start;
  const last = yearEnd(calendar)!;
  const inset = new Set(
    calendar.closures.filter(
      (d) =>
        !bank.has(d) && weekdayOf(d) < 5 && calendar.terms.some((t) => t.start <= d && d <= t.end),
    ),
  );
  const teaching = schoolDaysBetween(calendar, first, last);
  const days = [...teaching, ...inset].sort();
  let today = requestedToday;
  if (!isSchoolDay(calendar, today)) {
    const before = teaching.filter((d) => d <= requestedToday);
    today = before.length ? before[before.length - 1]! : teaching[0]!;
  }
  return {
    calendar,
    inset,
    days,
    weekdays: days.map(weekdayOf),
    isInset: days.map((d) => inset.has(d)),
    today,
  };
}

// ---------------------------------------------------------------------------------------------
// Marks

interface Traits {
  target: number;
  decline: boolean;
  weekday: number | null;
  weekdayProb: number;
  lateProb: number;
  lateRising: boolean;
  uShare: number;
  medicalProb: number;
  kinds: readonly (readonly [Kind, number])[];
  illnessLengths: readonly (readonly [number, number])[];
  unexplainedLengths: readonly (readonly [number, number])[];
}
type Kind = 'illness' | 'unexplained' | 'other';

const SHORT_ILLNESS = [
  [1, 50],
  [2, 30],
  [3, 15],
  [5, 5],
] as const;
const LONG_ILLNESS = [
  [1, 20],
  [2, 25],
  [3, 25],
  [5, 18],
  [8, 8],
  [12, 4],
] as const;

function traitsFor(pattern: PupilPattern, rng: Rng): Traits {
  const u = rng();
  const base: Traits = {
    target: 0.008 + 0.04 * u * u,
    decline: false,
    weekday: null,
    weekdayProb: 0,
    lateProb: 0.005 + 0.03 * rng(),
    lateRising: false,
    uShare: 0.1,
    medicalProb: 0.006,
    kinds: [
      ['illness', 80],
      ['unexplained', 8],
      ['other', 12],
    ],
    illnessLengths: SHORT_ILLNESS,
    unexplainedLengths: [[1, 1]],
  };
  switch (pattern) {
    case 'regular':
    case 'part-time-timetable':
    case 'dual-registered':
      return base;
    case 'at-risk':
      return {
        ...base,
        target: 0.06 + 0.035 * u,
        lateProb: 0.02 + 0.06 * rng(),
        medicalProb: 0.01,
        kinds: [
          ['illness', 60],
          ['unexplained', 30],
          ['other', 10],
        ],
      };
    case 'persistent-spells':
      return {
        ...base,
        target: 0.11 + 0.17 * u * u,
        kinds: [
          ['illness', 35],
          ['unexplained', 65],
        ],
        unexplainedLengths: [
          [1, 60],
          [2, 40],
        ],
      };
    case 'persistent-weekday': {
      const target = 0.11 + 0.12 * u;
      return {
        ...base,
        target,
        weekday: weighted(rng, [
          [0, 45],
          [4, 40],
          [2, 15],
        ]),
        weekdayProb: Math.min(0.85, 3.2 * target),
        kinds: [
          ['illness', 50],
          ['unexplained', 50],
        ],
      };
    }
    case 'persistent-illness':
      return {
        ...base,
        target: 0.11 + 0.14 * u,
        medicalProb: 0.03,
        kinds: [
          ['illness', 90],
          ['other', 10],
        ],
        illnessLengths: LONG_ILLNESS,
      };
    case 'persistent-lateness':
      return {
        ...base,
        target: 0.11 + 0.08 * u,
        lateProb: 0.2 + 0.12 * rng(),
        lateRising: true,
        uShare: 0.3,
        kinds: [
          ['illness', 40],
          ['unexplained', 60],
        ],
      };
    case 'declining':
      return {
        ...base,
        target: 0.15 + 0.15 * u,
        decline: true,
        lateRising: true,
        kinds: [
          ['illness', 40],
          ['unexplained', 60],
        ],
        unexplainedLengths: [
          [1, 50],
          [2, 35],
          [3, 15],
        ],
      };
    case 'severe':
      return {
        ...base,
        target: 0.5 + 0.3 * u,
        lateProb: 0.05 + 0.1 * rng(),
        uShare: 0.4,
        kinds: [
          ['illness', 15],
          ['unexplained', 80],
          ['other', 5],
        ],
        unexplainedLengths: [
          [2, 20],
          [3, 20],
          [5, 25],
          [8, 20],
          [10, 15],
        ],
      };
  }
}

const meanOf = (table: readonly (readonly [number, number])[]): number => {
  let total = 0;
  let sum = 0;
  for (const [value, w] of table) {
    total += w;
    sum += value * w;
  }
  return sum / total;
};

interface PupilPlan {
  pupil: DemoPupil;
  traits: Traits;
  rng: Rng;
  holiday: ReadonlySet<string> | null;
  partTimeFrom: string | null;
  dualWeekday: number | null;
}

/** Simulates one pupil's year up to and including today, writing into `out` and `todayOut`. */
function simulate(
  plan: PupilPlan,
  days: readonly string[],
  todayIndex: number,
  year: YearDays,
  unresolved: ReadonlySet<string>,
  visit: DemoSchool['visit'],
  out: MarkRecord[],
  todayOut: MarkRecord[],
): void {
  const { pupil, traits, rng } = plan;
  const id = pupil.id;
  const totalDays = days.length;
  const meanLen =
    traits.kinds.reduce(
      (sum, [kind, w]) =>
        sum +
        w *
          (kind === 'illness'
            ? meanOf(traits.illnessLengths)
            : kind === 'unexplained'
              ? meanOf(traits.unexplainedLengths)
              : 1),
      0,
    ) / traits.kinds.reduce((sum, [, w]) => sum + w, 0);
  const weekdayShare = traits.weekday === null ? 0 : traits.weekdayProb / 5;
  const lateShare = traits.lateProb * traits.uShare * 0.5;
  const medicalShare = traits.medicalProb * 0.5;

  let episodeLeft = 0;
  let episodeCode = '';
  let episodeResolved = 'O';
  let possibleDays = 0;
  let absentDays = 0;
  let lateProb = traits.lateProb;
  const presentAm = () => (rng() < lateProb ? (rng() < traits.uShare ? 'U' : 'L') : '/');

  const emit = (date: string, day: number, am: string, pm: string) => {
    const target = day < todayIndex ? out : day === todayIndex ? todayOut : null;
    if (!target) return;
    target.push({ pupilId: id, date, session: 'AM', mark: am });
    target.push({ pupilId: id, date, session: 'PM', mark: pm });
  };
  // N stays N for the few school days a school takes to chase it; older ones have been resolved.
  const unexplained = (day: number, resolved: string): string =>
    todayIndex - day <= 3 ? 'N' : resolved;

  for (let day = 0; day <= todayIndex && day < totalDays; day++) {
    const date = days[day]!;
    if (year.isInset[day]) {
      emit(date, day, '#', '#');
      continue;
    }
    const weekday = year.weekdays[day]!;
    const progress = day / totalDays;
    const target = traits.decline ? traits.target * (0.25 + 1.5 * progress) : traits.target;
    const episodic = Math.max(0.002, target - weekdayShare - lateShare - medicalShare);
    // A gentle pull toward the pattern's rate, so a pupil drawn as "at risk" stays roughly there.
    const drift = Math.min(3, Math.max(0.15, 1 + (target * possibleDays - absentDays) / 3));
    const hazard = (episodic / ((1 - episodic) * meanLen)) * drift;
    lateProb = traits.lateRising ? traits.lateProb * (0.4 + 1.2 * progress) : traits.lateProb;

    let am: string;
    let pm: string;
    if (plan.dualWeekday === weekday) {
      am = 'D';
      pm = 'D';
    } else if (plan.holiday?.has(date)) {
      am = 'G';
      pm = 'G';
    } else if (episodeLeft > 0) {
      episodeLeft--;
      am = episodeCode === 'unexplained' ? unexplained(day, episodeResolved) : episodeCode;
      pm = am;
    } else if (traits.weekday === weekday && rng() < traits.weekdayProb * Math.min(drift, 1.5)) {
      const resolved = rng() < 0.6 ? 'O' : 'I';
      am = resolved === 'O' ? unexplained(day, 'O') : 'I';
      pm = am;
    } else if (rng() < hazard) {
      const kind = weighted(rng, traits.kinds);
      const length =
        kind === 'illness'
          ? weighted(rng, traits.illnessLengths)
          : kind === 'unexplained'
            ? weighted(rng, traits.unexplainedLengths)
            : 1;
      episodeResolved = rng() < 0.8 ? 'O' : 'I';
      episodeCode = kind === 'illness' ? 'I' : kind === 'other' ? 'C' : 'unexplained';
      episodeLeft = length - 1;
      am = kind === 'unexplained' ? unexplained(day, episodeResolved) : episodeCode;
      pm = am;
      // Some illness starts at school: present in the morning, sent home after lunch.
      if (kind === 'illness' && length === 1 && rng() < 0.25) am = presentAm();
    } else if (rng() < traits.medicalProb) {
      if (rng() < 0.5) {
        am = 'M';
        pm = '\\';
      } else {
        am = presentAm();
        pm = 'M';
      }
    } else {
      am = presentAm();
      pm = rng() < lateProb * 0.15 ? 'L' : '\\';
    }

    if (unresolved.has(date)) {
      am = 'N';
      pm = 'N';
    }
    if (plan.partTimeFrom && date >= plan.partTimeFrom && am !== 'D') pm = 'C2';
    if (visit && visit.date === date && visit.form === pupil.form) {
      if (am === '/' || am === 'L') am = 'V';
      if (pm === '\\' || pm === 'L') pm = 'V';
    }

    if (am !== 'D') {
      possibleDays++;
      absentDays += (isAbsentCode(am) ? 0.5 : 0) + (isAbsentCode(pm) ? 0.5 : 0);
    }
    emit(date, day, am, pm);
  }
}

const ABSENT_CODES = new Set(['I', 'M', 'C', 'C2', 'N', 'O', 'G', 'U']);
const isAbsentCode = (code: string) => ABSENT_CODES.has(code);

// ---------------------------------------------------------------------------------------------

export function generateSchool(options: GenerateOptions): DemoSchool {
  const size = Math.max(1, Math.floor(options.pupils ?? 1200));
  const seed = options.seed ?? 1;
  const rng = mulberry32(mix(seed, 0x5c4001));
  const year = yearDays(options.today);
  const todayIndex = year.days.indexOf(year.today);
  const forms = makeForms(size, rng);

  const drafts: Draft[] = [];
  const namesInForm = new Map<DemoForm, Set<string>>();
  for (let i = 0; i < size; i++) {
    const form = forms[i % forms.length]!;
    const taken = namesInForm.get(form) ?? new Set<string>();
    namesInForm.set(form, taken);
    // Two pupils of the same name in one form would make the register ambiguous to a reader
    // that keys by name; real schools add an initial, the demo simply avoids it.
    let name = drawName(rng);
    while (taken.has(`${name.forename} ${name.surname}`)) name = drawName(rng);
    taken.add(`${name.forename} ${name.surname}`);
    const tags = drawTags(rng);
    drafts.push({ ...name, form, tags, pattern: drawPattern(rng, tags), serial: i });
  }

  // The special cases the issue asks for, placed where a tutor would meet them.
  const inYear = (y: number) => drafts.filter((d) => d.form.year === y);
  const partTime = pick(rng, inYear(9).length ? inYear(9) : drafts);
  partTime.pattern = 'part-time-timetable';
  if (!partTime.tags.includes('send')) partTime.tags.push('send');
  const dualCandidates = inYear(10).filter((d) => d !== partTime);
  const dual = dualCandidates.length ? pick(rng, dualCandidates) : null;
  if (dual) dual.pattern = 'dual-registered';
  const firstForm = drafts.filter(
    (d) => d.form === forms[0] && d.pattern !== 'part-time-timetable',
  );
  if (firstForm.length && !firstForm.some((d) => d.pattern === 'severe')) {
    pick(rng, firstForm).pattern = 'severe';
  }

  const collator = new Intl.Collator('en-GB');
  const formOrder = new Map(forms.map((f, i) => [f, i]));
  drafts.sort(
    (a, b) =>
      formOrder.get(a.form)! - formOrder.get(b.form)! ||
      collator.compare(a.surname, b.surname) ||
      collator.compare(a.forename, b.forename),
  );

  const teaching = year.days.filter((d) => !year.inset.has(d));
  const teachingBefore = teaching.filter((d) => d < year.today);
  const startYear = academicYearStart(year.today);
  // Term-time holidays cluster at the ends of terms, where flights are cheaper.
  const termDays = (t: number) => {
    const term = year.calendar.terms[t];
    return term ? teaching.filter((d) => term.start <= d && d <= term.end) : [];
  };
  const holidayWindows = [termDays(0).slice(-4), termDays(2).slice(-5), termDays(1).slice(-3)];
  let holidaysGiven = 0;
  let longUnresolvedGiven = false;

  const pupils: DemoPupil[] = [];
  const plans: PupilPlan[] = [];
  for (const d of drafts) {
    const pupilRng = mulberry32(mix(seed, 1000 + d.serial));
    const traits = traitsFor(d.pattern, pupilRng);
    let unresolvedDays = 0;
    if (d.pattern === 'severe') {
      if (d.form === forms[0]) unresolvedDays = 6;
      else if (!longUnresolvedGiven) {
        unresolvedDays = 11;
        longUnresolvedGiven = true;
      } else if (pupilRng() < 0.35) unresolvedDays = 5 + Math.floor(pupilRng() * 3);
    }
    const pupil: DemoPupil = {
      id: String(4001 + d.serial).padStart(6, '0'),
      upn: upnFor(d.serial, startYear - (d.form.year - 7)),
      forename: d.forename,
      surname: d.surname,
      name: `${d.forename} ${d.surname}`,
      form: d.form.id,
      year: d.form.year,
      tags: d.tags,
      pattern: d.pattern,
      targetAbsence: Math.round(traits.target * 1000) / 1000,
      weekday: d.pattern === 'dual-registered' ? 2 : traits.weekday,
      unresolvedDays,
    };
    d.form.pupilIds.push(pupil.id);
    pupils.push(pupil);
    let holiday: Set<string> | null = null;
    if (
      holidaysGiven < 3 &&
      (d.pattern === 'regular' || d.pattern === 'at-risk') &&
      d.form.year !== 11 &&
      pupilRng() < 0.01
    ) {
      const window = holidayWindows[holidaysGiven]!;
      if (window.length) holiday = new Set(window);
      holidaysGiven++;
    }
    plans.push({
      pupil,
      traits,
      rng: pupilRng,
      holiday,
      partTimeFrom: d.pattern === 'part-time-timetable' ? (year.days[10] ?? null) : null,
      dualWeekday: d.pattern === 'dual-registered' ? 2 : null,
    });
  }

  const visitDay = teachingBefore.length > 6 ? teachingBefore[teachingBefore.length - 3]! : null;
  const visit = visitDay ? { form: forms[0]!.id, date: visitDay } : null;
  const markedDays = year.days.slice(0, Math.max(0, todayIndex));
  const marks: MarkRecord[] = [];
  const todayMarks: MarkRecord[] = [];
  for (const plan of plans) {
    const unresolved = new Set(
      plan.pupil.unresolvedDays ? teachingBefore.slice(-plan.pupil.unresolvedDays) : [],
    );
    if (plan.pupil.unresolvedDays) unresolved.add(year.today);
    simulate(plan, year.days, todayIndex, year, unresolved, visit, marks, todayMarks);
  }

  return {
    name: SCHOOL_NAME,
    seed,
    forms,
    pupils,
    calendar: year.calendar,
    insetDays: [...year.inset].sort(),
    markedDays,
    marks,
    todayMarks,
    requestedToday: options.today,
    today: year.today,
    visit,
  };
}

// ---------------------------------------------------------------------------------------------
// Look-ups and export

interface SchoolIndex {
  pupilIndex: Map<string, number>;
  dayIndex: Map<string, number>;
}
const indexes = new WeakMap<DemoSchool, SchoolIndex>();

function indexOf(school: DemoSchool): SchoolIndex {
  let index = indexes.get(school);
  if (!index) {
    index = {
      pupilIndex: new Map(school.pupils.map((p, i) => [p.id, i])),
      dayIndex: new Map(school.markedDays.map((d, i) => [d, i])),
    };
    indexes.set(school, index);
  }
  return index;
}

/** A pupil's recorded mark for a session before today, or undefined when there is none. */
export function markAt(
  school: DemoSchool,
  pupilId: string,
  date: string,
  session: Session,
): string | undefined {
  const { pupilIndex, dayIndex } = indexOf(school);
  const p = pupilIndex.get(pupilId);
  const d = dayIndex.get(date);
  if (p === undefined || d === undefined) return undefined;
  return school.marks[(p * school.markedDays.length + d) * 2 + (session === 'PM' ? 1 : 0)]?.mark;
}

/** What the pupil does today in that session (not yet on any register). */
export function todayMarkFor(
  school: DemoSchool,
  pupilId: string,
  session: Session,
): string | undefined {
  const p = indexOf(school).pupilIndex.get(pupilId);
  if (p === undefined) return undefined;
  return school.todayMarks[p * 2 + (session === 'PM' ? 1 : 0)]?.mark;
}

export function pupilById(school: DemoSchool, pupilId: string): DemoPupil | undefined {
  const p = indexOf(school).pupilIndex.get(pupilId);
  return p === undefined ? undefined : school.pupils[p];
}

/** RFC 4180: quote a field holding a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export interface CsvOptions {
  /** One form only. */
  form?: string;
  /** Inclusive ISO date bounds. */
  from?: string;
  to?: string;
  /**
   * Marks that replace or add to the generated history, keyed `pupilId|date|session` (the demo
   * server passes the registers saved so far).
   */
  overrides?: ReadonlyMap<string, string>;
}

export const overrideKey = (pupilId: string, date: string, session: Session): string =>
  `${pupilId}|${date}|${session}`;

/**
 * The school's history as a canonical marks CSV (CONTRACTS.md §1), in chunks of one pupil each,
 * so a server can stream a whole school without building one huge string.
 */
export function* schoolMarksCsvChunks(
  school: DemoSchool,
  options: CsvOptions = {},
): Generator<string> {
  const { form, from, to, overrides } = options;
  yield `${MARKS_CSV_HEADER}\r\n`;
  // Saved registers for today and later extend the history past the generated days.
  const extraDays = new Set<string>();
  if (overrides) {
    for (const key of overrides.keys()) {
      const date = key.split('|')[1]!;
      if (date >= school.today) extraDays.add(date);
    }
  }
  const days = [...school.markedDays, ...[...extraDays].sort()].filter(
    (d) => (!from || d >= from) && (!to || d <= to),
  );
  const n = school.markedDays.length;
  const { dayIndex } = indexOf(school);
  for (let p = 0; p < school.pupils.length; p++) {
    const pupil = school.pupils[p]!;
    if (form && pupil.form !== form) continue;
    const prefix = `${csvField(pupil.id)},${csvField(pupil.name)},${csvField(pupil.form)},`;
    const lines: string[] = [];
    for (const date of days) {
      const d = dayIndex.get(date);
      for (const session of ['AM', 'PM'] as const) {
        const saved = overrides?.get(overrideKey(pupil.id, date, session));
        const mark =
          saved ??
          (d === undefined
            ? undefined
            : school.marks[(p * n + d) * 2 + (session === 'PM' ? 1 : 0)]?.mark);
        if (mark === undefined) continue;
        lines.push(`${prefix}${date},${session},${csvField(mark)}\r\n`);
      }
    }
    if (lines.length) yield lines.join('');
  }
}

export function schoolMarksCsv(school: DemoSchool, options: CsvOptions = {}): string {
  let csv = '';
  for (const chunk of schoolMarksCsvChunks(school, options)) csv += chunk;
  return csv;
}

/** The school's context tags as the `--context` CSV of `analyse` (CONTRACTS.md §2). */
export function schoolContextCsv(school: DemoSchool): string {
  const rows = ['pupil_id,tag'];
  for (const pupil of school.pupils) for (const tag of pupil.tags) rows.push(`${pupil.id},${tag}`);
  return `${rows.join('\r\n')}\r\n`;
}

/** The Monday-to-Friday dates of the week holding `date`. */
export function schoolWeek(date: string): string[] {
  const monday = addDays(date, -weekdayOf(date));
  return [0, 1, 2, 3, 4].map((i) => addDays(monday, i));
}
