import { describe, expect, it } from 'vitest';
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
