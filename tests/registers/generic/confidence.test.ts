import { describe, expect, it } from 'vitest';
import { readingConfidence, readingScore } from '../../../utils/registers/generic/confidence';

describe('confidence of a reading', () => {
  it('should be 1 when every pupil has marks and every mark mapped', () => {
    expect(readingConfidence({ pupils: 10, marked: 10, total: 20, mapped: 20 })).toBe(1);
  });

  it('should halve the weight of marks that mapped to no code', () => {
    expect(readingConfidence({ pupils: 10, marked: 10, total: 20, mapped: 0 })).toBe(0.5);
  });

  it('should prefer the structure with more marked pupils', () => {
    const big = readingScore({ pupils: 30, marked: 30, total: 30, mapped: 30 });
    const key = readingScore({ pupils: 5, marked: 5, total: 50, mapped: 50 });
    expect(big).toBeGreaterThan(key);
  });
});
