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
