import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRegister } from '../../utils/registers/read';
import {
  deriveLayout,
  exportLayout,
  importLayout,
  layoutApplies,
  readWithLayout,
} from '../../utils/registers/teach';
import { parsePage } from './helpers';

const URL = 'https://roll.example.sch.uk/forms/7/roll';
const html = readFileSync(resolve(import.meta.dirname, 'fixtures/taught-roll.html'), 'utf8');

function taught() {
  const doc = parsePage(html, URL);
  const name = doc.querySelector('#roll .who')!;
  const mark = doc.querySelector('#roll b')!;
  return { doc, layout: deriveLayout(doc, name, mark, URL) };
}

describe('teach mode', () => {
  it('should find no register on the roll call by meaning alone', () => {
    expect(readRegister(parsePage(html, URL), URL).ok).toBe(false);
  });

  it('should read the whole roll call after one name and one mark are clicked', () => {
    const { doc, layout } = taught();
    const reading = readWithLayout(doc, URL, layout);
    expect(reading.adapter).toBe('taught');
    expect(reading.pupils.map((p) => p.name)).toEqual([
      'LOVELACE A',
      'TURING A',
      'HOPPER G',
      'NOETHER E',
    ]);
    expect(reading.pupils.map((p) => p.marks[0]?.code)).toEqual(['/', 'I', 'L', null]);
    expect(reading.pupils[0]!.marks[0]).toMatchObject({ date: '2026-01-20', session: 'AM' });
    expect(reading.warnings.join(' ')).toContain('"Off site"');
  });

  it('should use a taught layout through readRegister on the same site and path', () => {
    const { doc, layout } = taught();
    const result = readRegister(doc, URL, {
      siteMapping: layout,
      mapping: { entries: [{ raw: 'Off site', code: 'B' }] },
    });
    expect(result.ok && result.reading.adapter).toBe('taught');
    expect(result.ok && result.reading.pupils[3]!.marks[0]!.code).toBe('B');
  });

  it.each([
    ['https://roll.example.sch.uk/forms/8/roll', true],
    ['https://other.example/forms/7/roll', false],
    ['https://roll.example.sch.uk/reports', false],
  ])('should decide whether the layout applies to %s: %s', (url, applies) => {
    expect(layoutApplies(taught().layout, url)).toBe(applies);
  });

  it('should export and import a layout unchanged', () => {
    const { layout } = taught();
    expect(importLayout(exportLayout(layout))).toEqual(layout);
  });

  it('should refuse an imported layout that is not one', () => {
    expect(() => importLayout('{"kind":"something else"}')).toThrow();
  });

  it('should say plainly when the two clicks share no repeated row', () => {
    const doc = parsePage(html, URL);
    expect(() =>
      deriveLayout(doc, doc.querySelector('h1')!, doc.querySelector('button')!, URL),
    ).toThrow(/repeated row/);
  });
});

const fixture = (name: string) =>
  readFileSync(resolve(import.meta.dirname, 'fixtures', name), 'utf8');

describe('teach mode on layouts the reader cannot read or reads wrongly', () => {
  const CARDS_URL = 'https://checkin.example.edu/homeroom/9/checkin';
  const GRID_URL = 'https://reports.example.edu/reports/weekly/8';

  it('should read every card of an icon-only card layout from one name and one icon', () => {
    const doc = parsePage(fixture('teach-cards.html'), CARDS_URL);
    const layout = deriveLayout(
      doc,
      doc.querySelector('#checkin .student')!,
      doc.querySelector('#checkin button svg path')!,
      CARDS_URL,
    );
    const reading = readWithLayout(doc, CARDS_URL, layout);
    expect(reading.pupils.map((p) => [p.name, p.marks.map((m) => [m.raw, m.code])])).toEqual([
      ['Ada Lovelace', [['present', '/']]],
      ['Alan Turing', [['absent', 'N']]],
      ['Grace Hopper', [['late', 'L']]],
      ['Emmy Noether', [['offsite', null]]],
      ['Katherine Johnson', [['sick', 'I']]],
    ]);
    expect(reading.pupils[0]!.marks[0]).toMatchObject({
      date: '2026-01-20',
      session: 'AM',
      editable: true,
    });
    expect(reading.pupils[0]!.key).toBe('id:s-1041');
  });

  it('should read every dated column of a grid from one name and one cell', () => {
    const doc = parsePage(fixture('teach-foreign-grid.html'), GRID_URL);
    const rows = doc.querySelectorAll('#weekly tbody tr');
    const layout = deriveLayout(
      doc,
      rows[1]!.querySelector('td')!,
      rows[1]!.querySelectorAll('td')[3]!,
      GRID_URL,
    );
    const reading = readWithLayout(doc, GRID_URL, layout);
    expect(reading.pupils.map((p) => p.name)).toEqual([
      'Lovelace, Ada',
      'Turing, Alan',
      'Hopper, Grace',
      'Noether, Emmy',
    ]);
    expect(reading.pupils[1]!.marks.map((m) => [m.date, m.raw])).toEqual([
      ['2026-01-12', 'A'],
      ['2026-01-13', 'A'],
      ['2026-01-14', 'P'],
      ['2026-01-15', 'A'],
      ['2026-01-16', 'P'],
    ]);
    expect(reading.pupils.every((p) => p.marks.every((m) => !m.editable))).toBe(true);
  });

  it('should read a clicked undated column as the register day and the dated ones as history', () => {
    const html = `<h1>Form 7K, Tuesday 20 January 2026</h1>
      <table id="r"><thead><tr><th>Name</th><th>Mon 19 Jan</th><th>Today</th></tr></thead>
      <tbody>
        <tr><td>Ada Lovelace</td><td>/</td><td><select><option>/</option><option selected>N</option></select></td></tr>
        <tr><td>Alan Turing</td><td>I</td><td><select><option selected>/</option><option>N</option></select></td></tr>
      </tbody></table>`;
    const doc = parsePage(html, URL);
    const layout = deriveLayout(
      doc,
      doc.querySelector('#r tbody td')!,
      doc.querySelector('#r tbody select')!,
      URL,
    );
    const reading = readWithLayout(doc, URL, layout);
    expect(reading.pupils[0]!.marks.map((m) => [m.date, m.code, m.editable])).toEqual([
      ['2026-01-20', 'N', true],
      ['2026-01-19', '/', false],
    ]);
    expect(reading.date).toBe('2026-01-20');
  });

  it('should skip a header row repeated among the rows', () => {
    const html = `<h1>Form 7K, Tuesday 20 January 2026</h1>
      <table id="r"><tbody>
        <tr><th>Name</th><th>Mark</th></tr>
        <tr><td>Ada Lovelace</td><td>/</td></tr>
        <tr><th>Name</th><th>Mark</th></tr>
        <tr><td>Alan Turing</td><td>N</td></tr>
      </tbody></table>`;
    const doc = parsePage(html, URL);
    const cells = doc.querySelectorAll('#r td');
    const reading = readWithLayout(doc, URL, deriveLayout(doc, cells[0]!, cells[1]!, URL));
    expect(reading.pupils.map((p) => p.name)).toEqual(['Ada Lovelace', 'Alan Turing']);
  });

  it.each([
    ['a word in title over the glyph', '<b title="Illness">✗</b>', 'I'],
    ['aria-label on an icon', '<span role="img" aria-label="Late"><svg></svg></span>', 'L'],
    [
      'a data attribute on a button',
      '<button data-state="absent" aria-label="Change">•</button>',
      'N',
    ],
    ['text of a cell', '<span>M</span>', 'M'],
  ])('should read the meaning from %s', (_what, mark, code) => {
    const html = `<h1>Tuesday 20 January 2026</h1><div id="r">
      <p data-pupil-id="1"><span>Ada Lovelace</span> ${mark}</p>
      <p data-pupil-id="2"><span>Alan Turing</span> ${mark}</p></div>`;
    const doc = parsePage(html, URL);
    const row = doc.querySelector('#r p')!;
    const target = row.children[1]!.querySelector('svg') ?? row.children[1]!;
    const reading = readWithLayout(doc, URL, deriveLayout(doc, row.children[0]!, target, URL));
    expect(reading.pupils.map((p) => p.marks[0]?.code)).toEqual([code, code]);
  });
});
