import { describe, expect, it } from 'vitest';
import { selectMark } from '../../../utils/registers/generic/controls';
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
