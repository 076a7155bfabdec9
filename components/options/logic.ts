import Papa from 'papaparse';
import { isValidIsoDate } from '../../utils/attendance/calendar';
import type { SchoolCalendar, Term } from '../../utils/attendance/calendar';
import { isMatchPattern } from '../../utils/settings/sites';

/**
 * The options page's pure parts: turning what a person types or pastes into settings, with a
 * reason for everything refused.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Turns an MIS address into the match pattern the browser grants: a full pattern
 * (`https://*.arbor.sc/*`) is kept, an address (`school.example/register`, with or without a
 * scheme) becomes its whole host (`https://school.example/*`). Patterns that would cover every
 * site are refused: the extension asks only for the school's own MIS.
 */
export function normaliseSitePattern(input: string): Parsed<string> {
  const text = input.trim();
  if (!text) return { ok: false, error: 'Enter the address of your MIS.' };
  if (text === '<all_urls>' || /^(\*|https?):\/\/\*\//.test(text)) {
    return { ok: false, error: 'That would cover every website. Enter your MIS address only.' };
  }
  if (text.includes('*')) {
    if (!isMatchPattern(text)) {
      return {
        ok: false,
        error: 'A pattern needs a scheme, a host and a path, such as https://*.arbor.sc/*.',
      };
    }
    const host = /^[^:]+:\/\/([^/]+)\//.exec(text)?.[1] ?? '';
    if (host.startsWith('*.') && !host.slice(2).includes('.')) {
      return { ok: false, error: 'A wildcard must sit under a named domain, such as *.arbor.sc.' };
    }
    if (text.startsWith('*://')) {
      return { ok: false, error: 'Start the pattern with https:// (or http:// for a local MIS).' };
    }
    return {
      ok: true,
      value: text.replace(/^([^:]+:\/\/)([^/]+)/, (_, s, h) => s + h.toLowerCase()),
    };
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, error: 'That is not a web address.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, error: 'Only web addresses (https:// or http://) can be enabled.' };
  }
  if (!url.hostname || (!url.hostname.includes('.') && url.hostname !== 'localhost')) {
    return { ok: false, error: 'Enter a full address, such as https://mis.school.example/.' };
  }
  return { ok: true, value: `${url.protocol}//${url.hostname}/*` };
}

export interface CalendarCsvResult {
  calendar: SchoolCalendar | null;
  errors: string[];
}

/**
 * The school calendar as a small CSV: a row `name,start,end` per term (or half term) and a row
 * `closure,date` per INSET day or bank holiday. A header row is optional; dates are YYYY-MM-DD
 * or DD/MM/YYYY. Nothing is taken from a file with errors.
 */
export function parseCalendarCsv(text: string): CalendarCsvResult {
  const { data } = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const terms: Term[] = [];
  const closures: string[] = [];
  const errors: string[] = [];
  data.forEach((cells, i) => {
    const line = i + 1;
    const [first = '', second = '', third = ''] = cells.map((c) => c.trim());
    const lower = first.toLowerCase();
    if (i === 0 && (lower === 'name' || lower === 'term' || lower === 'type')) return;
    if (lower === 'closure' || lower === 'inset' || lower === 'closed') {
      const date = isoFrom(second);
      if (!date) errors.push(`Line ${line}: "${second}" is not a date.`);
      else closures.push(date);
      return;
    }
    const start = isoFrom(second);
    const end = isoFrom(third);
    if (!first) errors.push(`Line ${line}: a term needs a name.`);
    else if (!start || !end) errors.push(`Line ${line}: a term needs a start and an end date.`);
    else if (end < start) errors.push(`Line ${line}: "${first}" ends before it starts.`);
    else terms.push({ name: first, start, end });
  });
  if (!errors.length && !terms.length) errors.push('The file has no terms.');
  if (errors.length) return { calendar: null, errors };
  terms.sort((a, b) => a.start.localeCompare(b.start));
  for (let i = 1; i < terms.length; i++) {
    if (terms[i]!.start <= terms[i - 1]!.end) {
      errors.push(`"${terms[i]!.name}" overlaps "${terms[i - 1]!.name}".`);
    }
  }
  if (errors.length) return { calendar: null, errors };
  return { calendar: { terms, closures: [...new Set(closures)].sort() }, errors };
}

/** The calendar as the CSV `parseCalendarCsv` reads, for editing in a spreadsheet. */
export function calendarToCsv(calendar: SchoolCalendar): string {
  const rows = [
    ['name', 'start', 'end'],
    ...calendar.terms.map((t) => [t.name, t.start, t.end]),
    ...calendar.closures.map((d) => ['closure', d]),
  ];
  return Papa.unparse(rows, { newline: '\n' }) + '\n';
}

function isoFrom(text: string): string | null {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : text;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && isValidIsoDate(iso) ? iso : null;
}

/** The phrase a user types to confirm wiping everything. */
export const WIPE_PHRASE = 'delete all data';

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
