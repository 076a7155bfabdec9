import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNames } from '../../../utils/registers/generic/names';
import { groupRows } from '../../../utils/registers/generic/rows';
import { hiddenClasses } from '../../../utils/registers/generic/skipped';
import { FIXTURES, fixtureDirs, parsePage } from '../helpers';
import { findLegend, pageMeaning, swatchWord } from '../../../utils/registers/generic/legend';
import { one, page } from './dom';

describe("the page's own key", () => {
  it('should read a key of letters and words and call non-English letters a foreign code set', () => {
    const legend = findLegend(
      page('<div><strong>Legend:</strong> <span>P = Present</span> <span>A = Absent</span></div>'),
    );
    expect([...legend.byLabel]).toEqual([
      ['P', 'Present'],
      ['A', 'Absent'],
    ]);
    expect(legend.foreign).toBe(true);
  });

  it('should not call an English key foreign', () => {
    const legend = findLegend(
      page(
        '<h2>Key</h2><table><tr><td>/</td><td>Present (AM)</td></tr><tr><td>N</td><td>No reason yet provided</td></tr><tr><td>I</td><td>Illness</td></tr></table>',
      ),
    );
    expect(legend.byLabel.get('N')).toBe('No reason yet provided');
    expect(legend.foreign).toBe(false);
  });

  it("should read a typed code box's datalist as a key, and its own letters as a foreign set", () => {
    const legend = findLegend(
      page(
        '<datalist id="c"><option value="P" label="Present"></option><option value="A">Absent</option></datalist><input list="c">',
      ),
    );

    expect([...legend.byLabel]).toEqual([
      ['P', 'Present'],
      ['A', 'Absent'],
    ]);
    expect(legend.foreign).toBe(true);
  });

  it('should read a select beside the register as a key, but not the selects in its rows', () => {
    const doc = page(
      '<label>Set all to <select><option>Choose</option><option value="N">N – No reason yet</option></select></label><table><tr><td>Ada Lovelace</td><td><select><option>T - Tardy</option></select></td></tr></table>',
    );

    const legend = findLegend(doc, new Set([one(doc, 'table')]));

    expect([...legend.byLabel]).toEqual([['N', 'No reason yet']]);
    expect(legend.foreign).toBe(false);
  });

  it('should map a colour swatch class to the word beside it', () => {
    const doc = page(
      '<ul><li><span class="sw sw-late"></span> Late</li><li><span class="sw sw-ill"></span> Illness</li></ul><table><tr><td class="cell sw-late"></td></tr></table>',
    );
    const legend = findLegend(doc);
    expect(swatchWord(one(doc, 'td'), legend)).toBe('Late');
    // "sw" is on every swatch: it names none of them.
    expect(legend.bySwatch.has('sw')).toBe(false);
  });

  it.each([
    ['P', 'Present', 'Present'],
    ['S', 'Sick', 'Sick'],
    ['L', 'Late', undefined],
    ['H', 'H - Agreed holiday', undefined],
  ])('should read "%s" titled "%s" by the page\'s word: %s', (label, title, want) => {
    expect(pageMeaning(label, title, findLegend(page('')))).toBe(want);
  });
});

describe('key titles found on the names walk', () => {
  const CORPUS = resolve(import.meta.dirname, '../corpus');
  const pages = [
    ...readdirSync(CORPUS).map((d) => join(CORPUS, d, 'page.html')),
    ...fixtureDirs().map((d) => join(FIXTURES, d, 'page.html')),
  ].filter((p) => existsSync(p));

  it.each(pages.map((p) => [relative(resolve(CORPUS, '../../..'), p), p]))(
    'should read the same key on %s as a walk of its own would',
    (_, path) => {
      const doc = parsePage(readFileSync(path, 'utf8'));
      const titles: Element[] = [];
      const names = findNames(doc, hiddenClasses(doc), titles);
      const skip = new Set(groupRows(doc, names).map((g) => g.container));
      expect(findLegend(doc, skip, titles)).toEqual(findLegend(doc, skip));
    },
  );
});
