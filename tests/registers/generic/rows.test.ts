import { describe, expect, it } from 'vitest';
import { findNames } from '../../../utils/registers/generic/names';
import { groupRows } from '../../../utils/registers/generic/rows';
import { page } from './dom';

describe('finding the repeated rows', () => {
  it('should group table rows by their table', () => {
    const doc = page(
      '<table><tr><td>Ada Lovelace</td><td>/</td></tr><tr><td>Alan Turing</td><td>N</td></tr></table>',
    );
    const groups = groupRows(doc, findNames(doc));
    expect(groups).toHaveLength(1);
    expect(groups[0]!.kind).toBe('table');
    expect(groups[0]!.rows.map((r) => r.el.tagName)).toEqual(['TR', 'TR']);
  });

  it('should take the largest container holding one name as a card', () => {
    const doc = page(
      '<div id="list"><article><h3>Ada Lovelace</h3><p>7B</p></article><article><h3>Alan Turing</h3></article></div>',
    );
    const [g] = groupRows(doc, findNames(doc));
    expect(g!.kind).toBe('free');
    expect(g!.container.id).toBe('list');
    expect(g!.rows.map((r) => r.el.tagName)).toEqual(['ARTICLE', 'ARTICLE']);
  });
});
