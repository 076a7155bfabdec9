import { categorise, codeInfo } from '../../../utils/attendance/codes';
import { dayNumber } from '../../../utils/attendance/calendar';
import type { Session } from '../../../utils/registers/schema';
import type { DemoForm, DemoPupil, DemoSchool } from '../school';

/** Everything a register page needs, resolved by the server from its state. */
export interface RegisterView {
  school: DemoSchool;
  form: DemoForm;
  pupils: DemoPupil[];
  date: string;
  session: Session;
  /** The mark a session shows: a code, '' when unmarked, undefined when there is no session. */
  mark(pupil: DemoPupil, date: string, session: Session): string | undefined;
  /** Whether pupils are expected in on that day (INSET days count: they carry `#`). */
  hasSessions(date: string): boolean;
  /** Who took this register and when, or null when it has not been taken. */
  taken: { at: string; by: string } | null;
  /** True on the page shown straight after a save. */
  justSaved: boolean;
  /** Year-to-date attendance before this register, as the MIS itself would show it. */
  attendance(pupil: DemoPupil): { pct: number | null; from: string; to: string };
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Every piece of text that reaches a page goes through this. */
export const esc = (text: string | number): string =>
  String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** JSON safe inside a script element. */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026');

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const LONG_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const weekday = (date: string) => (((dayNumber(date) + 3) % 7) + 7) % 7;
const dd = (date: string) => date.slice(8, 10);
const mm = (date: string) => date.slice(5, 7);

/** "Wed 21/01" */
export const shortDay = (date: string) => `${DAY_NAMES[weekday(date)]} ${dd(date)}/${mm(date)}`;
/** "21/01/2026" */
export const ukDate = (date: string) => `${dd(date)}/${mm(date)}/${date.slice(0, 4)}`;
/** "Mon 12 Jan" */
export const dayMonth = (date: string) =>
  `${DAY_NAMES[weekday(date)]} ${Number(dd(date))} ${MONTHS[Number(mm(date)) - 1]!.slice(0, 3)}`;
/** "Wednesday 21 January 2026" */
export const longDate = (date: string) =>
  `${LONG_DAYS[weekday(date)]} ${Number(dd(date))} ${MONTHS[Number(mm(date)) - 1]} ${date.slice(0, 4)}`;

/** Option text as a SIMS/Bromcom-style mark list shows it. */
export const OPTION_TEXT: Record<string, string> = {
  L: 'L Late',
  U: 'U Late after register closed',
  N: 'N No reason yet',
  I: 'I Illness',
  M: 'M Medical',
  C: 'C Other authorised',
  R: 'R Religious observance',
  T: 'T Parent travelling',
  E: 'E Suspended / excluded',
  G: 'G Holiday not agreed',
  O: 'O Other unauthorised',
  B: 'B Other approved activity',
  K: 'K LA arranged provision',
  P: 'P Approved sporting activity',
  V: 'V Educational visit',
  W: 'W Work experience',
  J1: 'J1 Interview',
  C1: 'C1 Performance / employment',
  C2: 'C2 Part-time timetable',
  S: 'S Study leave',
  D: 'D Dual registered',
  Q: 'Q No access arrangements',
  Y1: 'Y1 Transport not available',
  Y2: 'Y2 Widespread disruption',
  Y7: 'Y7 Other unavoidable',
  X: 'X Not required',
  '#': '# School closed',
};

/** Cell titles of past marks, in the MIS's own words. */
const TITLES: Record<string, string> = {
  '/': 'Present (AM)',
  '\\': 'Present (PM)',
  L: 'Late before register closed',
  U: 'Late after register closed',
  N: 'No reason yet provided',
  I: 'Illness',
  M: 'Medical / dental appointment',
  C: 'Other authorised circumstances',
  G: 'Holiday not agreed',
  O: 'Other unauthorised absence',
  B: 'Other approved educational activity',
  V: 'Educational visit or trip',
  C2: 'Part-time timetable',
  D: 'Dual registered: at the other school',
  '#': 'School closed (INSET)',
};

export const markTitle = (code: string, date: string): string =>
  code === '' || code === '-'
    ? 'No mark recorded'
    : (TITLES[code] ?? codeInfo(code, date)?.meaning ?? 'Unknown mark');

/** The CSS class a week-view cell gets for its mark. */
export function markClass(code: string, date: string): string {
  if (code === 'U') return 'mk-u';
  switch (categorise(code, date)) {
    case 'present':
      return 'mk-p';
    case 'aea':
      return 'mk-aea';
    case 'authorised':
      return 'mk-a';
    case 'unauthorised':
      return 'mk-u';
    case 'not-possible':
      return 'mk-x';
    default:
      return 'mk-missing';
  }
}

export const initials = (pupil: DemoPupil) =>
  (pupil.forename.charAt(0) + pupil.surname.replace(/[^\p{L}]/gu, '').charAt(0)).toUpperCase();

/** A plausible time the register was taken, for registers of days gone by. */
export function pastTakenTime(form: DemoForm, date: string, session: Session): string {
  const n = (dayNumber(date) * 7 + form.id.charCodeAt(0) * 3 + form.id.length) % 17;
  return session === 'AM' ? `08:${String(40 + n).padStart(2, '0')}` : `13:${30 + n}`;
}

export const DEMO_BANNER = `<p class="demo-banner" role="note">A made-up school for the Register Lens demo. Every name and mark here is synthetic.</p>`;

const SHORT_MEANINGS: Record<string, string> = {
  N: 'No reason yet provided',
  O: 'Unauthorised absence',
  G: 'Holiday not agreed',
  I: 'Illness',
  M: 'Medical/dental appointment',
  C: 'Authorised absence (other)',
  C2: 'Part-time timetable',
  V: 'Educational visit or trip',
  B: 'Off-site educational activity',
  D: 'Dual registered (at another school)',
  '#': 'Planned closure',
};

/** The label of a status key ("ABSENT:I") as the single-page app's history icons read. */
export function dayMarkLabel(key: string): string {
  const [status, code = ''] = key.split(':');
  const meaning = SHORT_MEANINGS[code] ?? codeInfo(code, '2099-01-01')?.meaning ?? code;
  switch (status) {
    case 'PRESENT':
      return 'Present';
    case 'LATE':
      return code ? 'Late - U Late after registers closed' : 'Late';
    case 'ABSENT':
      return `Absent - ${code} ${meaning}`;
    case 'AEA':
      return `Educational activity - ${code} ${meaning}`;
    case 'NP':
      return `Not required - ${code} ${meaning}`;
    case 'CLOSED':
      return `School closed - ${code} ${meaning}`;
    default:
      return 'No mark';
  }
}
