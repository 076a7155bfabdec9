/**
 * The statutory attendance code sets (CONTRACTS.md §3). The set in force on a mark's date decides
 * what the mark means: the 2024 set from 2024-08-19, the legacy set before it.
 */

export type Category = 'present' | 'aea' | 'authorised' | 'unauthorised' | 'not-possible';
/** What a single mark counts as: a category, or one of the two non-codes. */
export type MarkCategory = Category | 'unmarked' | 'unknown';
export type CodeSetId = '2024' | 'legacy';

export interface CodeInfo {
  code: string;
  category: Category;
  meaning: string;
}

/** The first day of the 2024 code set (School Attendance (Pupil Registration) Regulations 2024). */
export const CODE_SET_2024_START = '2024-08-19';

const c = (code: string, category: Category, meaning: string): CodeInfo => ({
  code,
  category,
  meaning,
});

export const CODES_2024: readonly CodeInfo[] = [
  c('/', 'present', 'Present (AM)'),
  c('\\', 'present', 'Present (PM)'),
  c('L', 'present', 'Late, before the register closed'),
  c('K', 'aea', 'Attending education provision arranged by the local authority'),
  c('V', 'aea', 'Attending an educational visit or trip'),
  c('P', 'aea', 'Participating in an approved sporting activity'),
  c('W', 'aea', 'Attending work experience'),
  c('B', 'aea', 'Attending another approved educational activity'),
  c('C1', 'authorised', 'Participating in a regulated performance or employment abroad'),
  c('M', 'authorised', 'Medical or dental appointment'),
  c('J1', 'authorised', 'Interview'),
  c('S', 'authorised', 'Study leave'),
  c('C2', 'authorised', 'Part-time timetable agreed'),
  c('C', 'authorised', 'Exceptional circumstances'),
  c('T', 'authorised', 'Parent travelling for occupational purposes'),
  c('R', 'authorised', 'Religious observance'),
  c('I', 'authorised', 'Illness (not medical or dental appointment)'),
  c('E', 'authorised', 'Suspended or permanently excluded, no alternative provision'),
  c('G', 'unauthorised', 'Holiday not agreed, or days in excess of agreed holiday'),
  c('N', 'unauthorised', 'Reason for absence not yet established'),
  c('O', 'unauthorised', 'Absent in other or unknown circumstances'),
  c('U', 'unauthorised', 'Arrived after the register closed'),
  c('D', 'not-possible', 'Dual registered: at the other school'),
  c('X', 'not-possible', 'Not of compulsory school age, not required to attend'),
  c('Q', 'not-possible', 'Unable to attend: lack of access arrangements'),
  c('Y1', 'not-possible', 'Unable to attend: transport normally provided not available'),
  c('Y2', 'not-possible', 'Unable to attend: widespread disruption to travel'),
  c('Y3', 'not-possible', 'Unable to attend: part of the school premises closed'),
  c('Y4', 'not-possible', 'Unable to attend: whole school site unexpectedly closed'),
  c('Y5', 'not-possible', 'Unable to attend: criminal justice detention'),
  c('Y6', 'not-possible', 'Unable to attend: public health guidance or law'),
  c('Y7', 'not-possible', 'Unable to attend: any other unavoidable cause'),
  c('Z', 'not-possible', 'Prospective pupil not on admission register'),
  c('#', 'not-possible', 'Planned whole or partial school closure'),
];

export const CODES_LEGACY: readonly CodeInfo[] = [
  c('/', 'present', 'Present (AM)'),
  c('\\', 'present', 'Present (PM)'),
  c('L', 'present', 'Late, before the register closed'),
  c('B', 'aea', 'Educated off site'),
  c('J', 'aea', 'Interview'),
  c('P', 'aea', 'Approved sporting activity'),
  c('V', 'aea', 'Educational visit or trip'),
  c('W', 'aea', 'Work experience'),
  c('C', 'authorised', 'Other authorised circumstances'),
  c('E', 'authorised', 'Excluded, no alternative provision'),
  c('F', 'authorised', 'Extended family holiday (agreed)'),
  c('H', 'authorised', 'Family holiday (agreed)'),
  c('I', 'authorised', 'Illness (not medical or dental appointment)'),
  c('M', 'authorised', 'Medical or dental appointment'),
  c('R', 'authorised', 'Religious observance'),
  c('S', 'authorised', 'Study leave'),
  c('T', 'authorised', 'Traveller absence'),
  c('G', 'unauthorised', 'Family holiday (not agreed or in excess)'),
  c('N', 'unauthorised', 'No reason yet provided'),
  c('O', 'unauthorised', 'Unauthorised absence not covered by any other code'),
  c('U', 'unauthorised', 'Arrived after the register closed'),
  c('D', 'not-possible', 'Dual registered: at another school'),
  c('X', 'not-possible', 'Not required to be in school'),
  c('Y', 'not-possible', 'Unable to attend due to exceptional circumstances'),
  c('Z', 'not-possible', 'Pupil not on admission register'),
  c('#', 'not-possible', 'Planned whole or partial school closure'),
];

const index = (codes: readonly CodeInfo[]): ReadonlyMap<string, CodeInfo> =>
  new Map(codes.map((info) => [info.code, info]));

const SETS: Record<CodeSetId, ReadonlyMap<string, CodeInfo>> = {
  '2024': index(CODES_2024),
  legacy: index(CODES_LEGACY),
};

/** ISO dates compare correctly as strings, which keeps this hot path allocation-free. */
export function codeSetFor(date: string): CodeSetId {
  return date >= CODE_SET_2024_START ? '2024' : 'legacy';
}

/** Every code of either set, for mapping screens that must offer all of them. */
export const ALL_CODES: readonly string[] = [
  ...new Set([...CODES_2024, ...CODES_LEGACY].map((info) => info.code)),
];

export function codeInfo(code: string, date: string): CodeInfo | undefined {
  return SETS[codeSetFor(date)].get(code);
}

export function isUnmarked(mark: string | null | undefined): boolean {
  if (mark == null) return true;
  const trimmed = mark.trim();
  return trimmed === '' || trimmed === '-';
}

/**
 * The category of a mark as stored or imported. Marks match codes exactly after trimming spaces:
 * case matters (`n` is not `N`), and a mark that is no code of the set in force is `unknown`.
 */
export function categorise(mark: string | null | undefined, date: string): MarkCategory {
  if (isUnmarked(mark)) return 'unmarked';
  const info = SETS[codeSetFor(date)].get((mark as string).trim());
  return info ? info.category : 'unknown';
}

export const isAbsence = (category: MarkCategory): boolean =>
  category === 'authorised' || category === 'unauthorised';
export const isPresence = (category: MarkCategory): boolean =>
  category === 'present' || category === 'aea';
export const isPossible = (category: MarkCategory): boolean =>
  isAbsence(category) || isPresence(category);
