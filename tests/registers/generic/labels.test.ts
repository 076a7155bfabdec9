import { describe, expect, it } from 'vitest';
import { labelOfControl, ownDate } from '../../../utils/registers/generic/labels';
import { one, page } from './dom';

describe('labels of marks and controls', () => {
  it('should split a dated tooltip into its date, session and mark', () => {
    expect(ownDate('Thu 15 Jan PM: Absent - I Illness', '2026-01-19')).toEqual({
      date: '2026-01-15',
      session: 'PM',
      rest: 'Absent - I Illness',
    });
  });

  it('should label a control by its <label for> before its own title', () => {
    const doc = page('<label for="r1">Late</label><input type="radio" id="r1" title="x">');
    expect(labelOfControl(one(doc, 'input'))).toBe('Late');
  });
});
