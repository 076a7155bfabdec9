import { describe, expect, it } from 'vitest';
import { foreignLetters, selectMark } from '../../../utils/registers/generic/controls';
import { one, page } from './dom';

describe('mark controls', () => {
  it('should take a select of mark labels as a mark select', () => {
    const doc = page(
      '<select><option>Present</option><option selected>Late</option><option>Absent</option></select>',
    );
    expect(selectMark(one(doc, 'select') as HTMLSelectElement, {}, new Map())).toEqual({
      raw: 'Late',
    });
  });

  it('should not take a select of other things (a year group picker) as a mark', () => {
    const doc = page(
      '<select><option>Year 7</option><option>Year 8</option><option>Year 9</option></select>',
    );
    expect(selectMark(one(doc, 'select') as HTMLSelectElement, {}, new Map())).toBeNull();
  });
});

describe("a code set of the page's own among radio columns", () => {
  it.each([
    [['P', 'L', 'E', 'A'], true],
    [['/', 'L', 'N', 'I'], false],
    [['Present', 'Absent', 'Late'], false],
    [['P', 'L', 'E'], false],
  ])('should judge %j foreign: %s', (labels, want) => {
    expect(foreignLetters(labels, {})).toBe(want);
  });

  it('should trust the letters once the user has mapped the odd one out', () => {
    const site = { entries: [{ raw: 'A', code: 'N' }] };

    expect(foreignLetters(['P', 'L', 'A'], { site })).toBe(false);
  });
});
