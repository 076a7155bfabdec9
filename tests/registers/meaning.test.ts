import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  codeChoices,
  isForeignCodeSet,
  labelsToAsk,
  marksNeedingMapping,
  pageKey,
  withAnswers,
} from '../../utils/registers/meaning';
import type { ReadMark, Reading } from '../../utils/registers/schema';
import { deriveLayout, readWithLayout } from '../../utils/registers/teach';
import { parsePage } from './helpers';

const mark = (raw: string, code: string | null, extra: Partial<ReadMark> = {}): ReadMark => ({
  date: '2026-01-20',
  session: 'AM',
  raw,
  code,
  editable: false,
  ...extra,
});

const reading = (...marks: ReadMark[][]): Reading => ({
  adapter: 'taught',
  group: null,
  date: '2026-01-20',
  session: 'AM',
  taken: null,
  pupils: marks.map((m, i) => ({ key: `k${i}`, name: `Pupil ${i}`, marks: m })),
  warnings: [],
});

describe('the "what does this mean?" list', () => {
  it('should ask about a label that maps to no code, once, with how many marks carry it', () => {
    const asked = labelsToAsk(reading([mark('Off site', null)], [mark('Off site', null)]));
    expect(asked).toEqual([
      expect.objectContaining({ raw: 'Off site', count: 2, why: 'unmapped' }),
    ]);
  });

  it('should ask about an absence counted as N until its reason is mapped, by type and reason', () => {
    const asked = labelsToAsk(
      reading([mark('Absent', 'N', { reason: 'Family', needsMapping: true })]),
    );
    expect(asked).toEqual([
      expect.objectContaining({ raw: 'Absent: Family', why: 'needs-mapping', suggestion: 'N' }),
    ]);
  });

  it.each([
    ['an empty mark', ''],
    ['a dash', '-'],
    ['a mapped word', 'Present'],
    ['an English code', 'I'],
  ])('should not ask about %s', (_what, raw) => {
    const code = raw === 'Present' ? '/' : raw === 'I' ? 'I' : null;
    expect(labelsToAsk(reading([mark(raw, code)]))).toEqual([]);
  });

  it('should ask to confirm every letter of a code set that includes a letter English codes lack', () => {
    const asked = labelsToAsk(
      reading([mark('P', 'P'), mark('A', null)], [mark('T', 'T', { date: '2026-01-21' })]),
    );
    expect(asked.map((a) => [a.raw, a.why])).toEqual([
      ['A', 'unmapped'],
      ['P', 'foreign'],
      ['T', 'foreign'],
    ]);
    expect(asked.find((a) => a.raw === 'T')?.date).toBe('2026-01-21');
  });

  it('should not ask to confirm English letters when every letter is an English code', () => {
    expect(labelsToAsk(reading([mark('N', 'N'), mark('I', 'I'), mark('/', '/')]))).toEqual([]);
  });

  it('should suggest the code the page key names, never the English reading of the letter', () => {
    const key = new Map([
      ['P', 'Present'],
      ['A', 'Absent'],
      ['T', 'Tardy'],
    ]);
    const asked = labelsToAsk(reading([mark('P', 'P'), mark('A', null), mark('T', 'T')]), { key });
    expect(Object.fromEntries(asked.map((a) => [a.raw, a.suggestion]))).toEqual({
      P: '/',
      A: 'N',
      // "Tardy" is late but here: the page's word, not the English letter T (parent travelling).
      T: 'L',
    });
  });

  it('should treat letters as foreign when the page key gives an English letter another category', () => {
    expect(isForeignCodeSet(['P', 'T'], '2026-01-20', new Map([['T', 'Late']]))).toBe(true);
    expect(isForeignCodeSet(['I', 'M'], '2026-01-20', new Map([['I', 'Illness']]))).toBe(false);
  });

  it('should not ask again about a label the site has mapped to a code', () => {
    const mapping = { entries: [{ raw: 'off SITE', code: 'B' }] };
    expect(labelsToAsk(reading([mark('Off site', null)]), { mapping })).toEqual([]);
  });

  it('should ask again about a label the site left without a code', () => {
    const mapping = { entries: [{ raw: 'Off site', code: null }] };
    expect(labelsToAsk(reading([mark('Off site', null)]), { mapping })).toHaveLength(1);
  });

  it('should count the marks that wait for a mapping', () => {
    const asked = labelsToAsk(reading([mark('X1', null), mark('X1', null)], [mark('Y', null)]));
    expect(marksNeedingMapping(asked)).toBe(3);
  });

  it.each([
    [
      'Key: P = Present, T = Tardy, A = Absent, E = Excused',
      { P: 'Present', T: 'Tardy', A: 'Absent', E: 'Excused' },
    ],
    ['P: Present; A: Absent', { P: 'Present', A: 'Absent' }],
    ['Codes: L - Late', { L: 'Late' }],
  ])('should read the page key from "%s"', (text, expected) => {
    const doc = parsePage(`<p>${text}</p>`);
    expect(Object.fromEntries(pageKey(doc))).toEqual(expected);
  });

  it('should read a page key from abbreviations and definition lists', () => {
    const doc = parsePage('<abbr title="Present">P</abbr><dl><dt>A</dt><dd>Absent</dd></dl>');
    expect(Object.fromEntries(pageKey(doc))).toEqual({ P: 'Present', A: 'Absent' });
  });

  it('should not read a sentence as a page key', () => {
    const doc = parsePage('<p>Check-in for Tuesday, January 20, 2026 - morning</p>');
    expect(pageKey(doc).size).toBe(0);
  });

  it('should offer the codes in force on the date, grouped by category, in words', () => {
    const groups = codeChoices('2026-01-20');
    expect(groups.map((g) => g.label)).toEqual([
      'Present',
      'Approved educational activity (counts as present)',
      'Authorised absence',
      'Unauthorised absence',
      'Not a possible session',
    ]);
    expect(groups[3]!.codes).toContainEqual({
      code: 'N',
      label: 'N: Reason for absence not yet established',
    });
    expect(codeChoices('2023-01-20')[2]!.codes.map((c) => c.code)).toContain('H');
  });

  it('should put answers before the site entries they replace', () => {
    const merged = withAnswers(
      {
        entries: [
          { raw: 'a', code: 'O' },
          { raw: 'P', code: 'P' },
        ],
      },
      [{ raw: 'A', code: 'N' }],
    );
    expect(merged.entries).toEqual([
      { raw: 'A', code: 'N' },
      { raw: 'P', code: 'P' },
    ]);
  });

  it('should map the foreign grid by its key once the answers are in', () => {
    const url = 'https://reports.example.edu/reports/weekly/8';
    const html = readFileSync(
      resolve(import.meta.dirname, 'fixtures/teach-foreign-grid.html'),
      'utf8',
    );
    const doc = parsePage(html, url);
    const row = doc.querySelectorAll('#weekly tbody tr')[0]!;
    const layout = deriveLayout(doc, row.children[0]!, row.children[1]!, url);
    const asked = labelsToAsk(readWithLayout(doc, url, layout), { key: pageKey(doc) });
    const answers = asked.map((a) => ({ raw: a.raw, code: a.suggestion ?? 'C' }));

    const after = readWithLayout(doc, url, layout, withAnswers(undefined, answers));

    expect(after.pupils[1]!.marks.map((m) => m.code)).toEqual(['N', 'N', '/', 'N', '/']);
    expect(labelsToAsk(after, { mapping: withAnswers(undefined, answers) })).toEqual([]);
  });
});
