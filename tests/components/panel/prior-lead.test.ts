import { describe, expect, it } from 'vitest';
import { topFlag } from '../../../components/panel/format';
import type { Flag } from '../../../utils/attendance/types';

const flag = (id: Flag['id'], severity: Flag['severity']): Flag => ({
  id,
  severity,
  reason: `${id} reason`,
  evidence: [],
});

describe('the panel’s leading flag', () => {
  it.each<{ case: string; flags: Flag[]; top: Flag['id'] }>([
    {
      case: 'few sessions this year and persistent last year',
      flags: [
        flag('severe-absence', 'high'),
        flag('few-sessions', 'low'),
        flag('prior-year-persistent', 'medium'),
      ],
      top: 'prior-year-persistent',
    },
    {
      case: 'firm figures this year',
      flags: [flag('severe-absence', 'high'), flag('prior-year-persistent', 'medium')],
      top: 'severe-absence',
    },
  ])('should lead with $top given $case', ({ flags, top }) => {
    expect(topFlag(flags)?.id).toBe(top);
  });
});
