import { describe, expect, it } from 'vitest';
import { takenStatement } from '../../../utils/registers/generic/taken';

describe('taken or not from one sentence', () => {
  it.each([
    ['Register taken at 08:52', true],
    ['Attendance has been taken', true],
    ['Not yet taken', false],
    ['Attendance has not been taken', false],
    ['Please take the register', null],
  ])('should read "%s" as %s', (sentence, want) => {
    expect(takenStatement(sentence)).toBe(want);
  });
});
