import { describe, expect, it } from 'vitest';
import { takenStatement } from '../../../utils/registers/generic/taken';

describe('taken or not from one sentence', () => {
  it.each([
    ['Register taken at 08:52', true],
    ['Attendance has been taken', true],
    ['Not yet taken', false],
    ['Attendance has not been taken', false],
    ['Please take the register', null],
    ['You already have taken attendance today', true],
    ['Attendance has been taken for this session', true],
    ['Recorded at 08:51 by Mr Hale', true],
    ['Attendance has been recorded', true],
    ['Attendance not yet recorded', false],
    ['This register has not been taken yet', false],
    ['Note: You already have taken attendance today for this period.', true],
    ['Success - Attendance has been saved', true],
    ['Note: attendance not yet taken', false],
    ['Thursday 12 March 2026 – morning register (taken at 08:41 by Mr Hall)', true],
    ['Morning register (not yet taken)', false],
  ])('should read "%s" as %s', (sentence, want) => {
    expect(takenStatement(sentence)).toBe(want);
  });
});
