/**
 * The national reference the cohort view and the exports compare a school against: the latest
 * accredited DfE release this project verified, with its period and source, so every screen and
 * file can say exactly which figures it shows. When the DfE publishes a newer release, replace
 * this one object (and the check in tests/attendance/national.test.ts); nothing else changes.
 *
 * Verified 2026-12-06 against the DfE release page (overall absence 6.63%, "the latest release")
 * and two reports of the same release quoting persistent 17.63% and severe 2.26% (down from
 * 19.23%, up from 2.14%): educationreport.co.uk, 23 October 2025; ssslearning.co.uk.
 */

export interface NationalRelease {
  /** The academic year the figures fall in. */
  year: string;
  /** The part of that year they cover. */
  period: string;
  coverage: string;
  overallAbsencePct: number;
  /** Pupils missing 10% or more of their possible sessions, as a share of pupils. */
  persistentPct: number;
  /** Pupils missing 50% or more. */
  severePct: number;
  publisher: string;
  title: string;
  published: string;
  url: string;
}

export const NATIONAL_LATEST: Readonly<NationalRelease> = Object.freeze({
  year: '2024/25',
  period: 'autumn and spring terms 2024/25',
  coverage: 'England, state-funded primary, secondary and special schools',
  overallAbsencePct: 6.63,
  persistentPct: 17.63,
  severePct: 2.26,
  publisher: 'Department for Education',
  title: 'Pupil absence in schools in England: autumn and spring term 2024/25',
  published: '2025-10-23',
  url: 'https://explore-education-statistics.service.gov.uk/find-statistics/pupil-absence-in-schools-in-england/2024-25-autumn-and-spring-term',
});

/** "DfE, Pupil absence in schools in England: …, published 23 October 2025". */
export function nationalSource(r: NationalRelease = NATIONAL_LATEST): string {
  const [y, m, d] = r.published.split('-').map(Number) as [number, number, number];
  const month = new Date(Date.UTC(y, m - 1, d)).toLocaleString('en-GB', {
    month: 'long',
    timeZone: 'UTC',
  });
  return `DfE, ${r.title}, published ${d} ${month} ${y}`;
}

/** One sentence naming the figures, their period and their source, for screens and files. */
export function nationalSentence(r: NationalRelease = NATIONAL_LATEST): string {
  return `${r.coverage}, ${r.period}: overall absence ${r.overallAbsencePct}%, persistent absence ${r.persistentPct}% of pupils, severe absence ${r.severePct}% (${nationalSource(r)}).`;
}
