import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, thresholdsSchema } from '../../utils/attendance/thresholds';
import { DEFAULT_THRESHOLDS as PLAIN } from '../../utils/attendance/thresholds-defaults';

describe('the default thresholds', () => {
  it('should be what the schema gives for an empty settings object, field for field', () => {
    expect(thresholdsSchema.parse({})).toEqual(PLAIN);
    expect(DEFAULT_THRESHOLDS).toBe(PLAIN);
  });

  it('should keep the statutory lines: persistent at 10%, severe at 50%', () => {
    expect([PLAIN.persistentPct, PLAIN.severePct]).toEqual([10, 50]);
  });

  it('should give a field missing from an older stored object its default', () => {
    expect(thresholdsSchema.parse({ persistentPct: 12 })).toEqual({ ...PLAIN, persistentPct: 12 });
  });
});
