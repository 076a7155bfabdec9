import { describe, expect, it } from 'vitest';
import { badgeModel } from '../../../components/overlay/model';
import type { Flag } from '../../../utils/attendance/types';
import { figures } from './fixtures';

const LAST_YEAR: Flag = {
  id: 'prior-year-persistent',
  severity: 'medium',
  reason: 'Persistently absent last year: 14% of 342 sessions (2024/25: absent for 48 of 342).',
  evidence: [],
};
const FEW: Flag = {
  id: 'few-sessions',
  severity: 'low',
  reason: 'Based on 6 sessions only.',
  evidence: [],
};
const THIN = figures({
  possible: 6,
  present: 4,
  authorised: 2,
  unauthorised: 0,
  absencePct: 33.33,
  band: 'persistent',
});

describe('badge: last year’s evidence early in the year', () => {
  it('should lead with last year while this year has few sessions', () => {
    const model = badgeModel({ key: 'k', name: 'Sam Lee', figures: THIN, flags: [FEW, LAST_YEAR] });

    expect(model.flagLabel).toBe('Persistent last year');
    expect(model.lines[0]).toBe(LAST_YEAR.reason);
    // This year's thin figure is shown as counts (issue 13); last year's flag names the badge.
    expect(model.label).toBe(
      'Sam Lee: 2 absent of 6 sessions, too early to tell, Persistent last year',
    );
  });

  it('should lead with last year over a medium flag of this year while sessions are few', () => {
    const decline: Flag = {
      id: 'recent-decline',
      severity: 'medium',
      reason: 'decline',
      evidence: [],
    };

    const model = badgeModel({
      key: 'k',
      name: 'Sam',
      figures: THIN,
      flags: [decline, FEW, LAST_YEAR],
    });

    expect(model.flagLabel).toBe('Persistent last year');
  });

  it('should not lead with last year once this year’s figures are firm', () => {
    const lateness: Flag = {
      id: 'near-persistent',
      severity: 'medium',
      reason: 'near',
      evidence: [],
    };

    const model = badgeModel({
      key: 'k',
      name: 'Sam',
      figures: figures(),
      flags: [lateness, LAST_YEAR],
    });

    expect(model.flagLabel).toBe('Near persistent');
    expect(model.lines[0]).toMatch(/^Absent 12 of 100 sessions/);
  });
});
