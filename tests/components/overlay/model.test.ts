import { describe, expect, it } from 'vitest';
import { badgeModel, countLines, topFlag } from '../../../components/overlay/model';
import type { Figures } from '../../../utils/attendance/types';
import type { Flag } from '../../../utils/attendance/types';
import { figures } from './fixtures';

const flag = (id: Flag['id'], severity: Flag['severity']): Flag => ({
  id,
  severity,
  reason: `${id} reason`,
  evidence: [],
});

describe('topFlag', () => {
  it('should prefer a high-severity flag over a medium one', () => {
    expect(topFlag([flag('lateness', 'medium'), flag('recent-decline', 'high')])?.id).toBe(
      'recent-decline',
    );
  });

  it('should rank possible missing education above unexplained absence at equal severity', () => {
    const flags = [flag('unresolved-reason', 'high'), flag('possible-missing-education', 'high')];
    expect(topFlag(flags)?.id).toBe('possible-missing-education');
  });

  it('should skip flags that only restate the band', () => {
    expect(topFlag([flag('persistent-absence', 'high'), flag('at-risk', 'medium')])).toBeNull();
  });
});

describe('countLines', () => {
  it('should say how many more absent sessions make a pupil persistently absent', () => {
    const lines = countLines(
      figures({
        authorised: 4,
        unauthorised: 3,
        absencePct: 7,
        band: 'at-risk',
        sessionsUntilPersistent: 3,
        presentSessionsToRecover: 0,
      }),
    );
    expect(lines).toContain('3 more absent sessions → persistent absence');
  });

  it('should say how many present sessions recover a persistently absent pupil', () => {
    expect(countLines(figures({ presentSessionsToRecover: 14 }))).toContain(
      '14 present sessions to get back under 10%',
    );
  });

  it('should state the count the figure rests on, in the singular for one session', () => {
    const lines = countLines(
      figures({ possible: 1, present: 1, authorised: 0, unauthorised: 0, absencePct: 0 }),
      { minSessions: 1, year: null },
    );
    expect(lines).toContain('Based on 1 session');
    expect(lines[0]).toBe('Absent 0 of 1 session (0%)');
  });

  it('should say there is nothing yet when no session is possible', () => {
    expect(countLines(figures({ possible: 0 }))).toEqual([
      'No attendance recorded yet for this pupil.',
    ]);
  });
});

describe('badgeModel', () => {
  it.each([
    ['severe', '◆', 'Severe'],
    ['persistent', '▲', 'Persistent'],
    ['at-risk', '●', 'At risk'],
    ['none', '✓', 'Attending well'],
  ] as const)('should show band %s with shape %s and the words %s', (band, shape, words) => {
    const model = badgeModel({ key: 'k', name: 'Ada', figures: figures({ band }), flags: [] });
    expect([model.tone, model.shape, model.bandLabel]).toEqual([band, shape, words]);
  });

  it('should name the pupil, the band and the top flag in its accessible name', () => {
    const model = badgeModel({
      key: 'k',
      name: ' Ada Example ',
      figures: figures(),
      flags: [flag('unresolved-reason', 'high')],
    });
    expect(model.label).toBe('Ada Example: Persistent, Unexplained absence');
    expect(model.lines.at(-1)).toBe('unresolved-reason reason');
  });

  it('should keep a low-severity flag off the badge but in its tooltip', () => {
    const model = badgeModel({
      key: 'k',
      name: 'A',
      figures: figures(),
      flags: [{ id: 'lateness', severity: 'low', reason: '3 lates', evidence: [] }],
    });
    expect([model.flagLabel, model.lines.at(-1)]).toEqual([null, '3 lates']);
  });

  it('should mark a live preview in its tooltip', () => {
    const model = badgeModel({ key: 'k', name: 'A', figures: figures(), flags: [], live: true });
    expect(model.lines.at(-1)).toBe("Includes today's unsaved mark.");
  });

  it('should say there are no figures yet for a pupil the background does not know', () => {
    const model = badgeModel({ key: 'k', name: 'A', figures: null, flags: [] });
    expect([model.tone, model.bandLabel]).toEqual(['unknown', 'No data']);
  });
});

/** Hand-worked figures: `absent` of `possible` sessions, the contract's counts derived by hand. */
function counted(absent: number, possible: number): Figures {
  const ratio = absent / possible;
  return figures({
    possible,
    present: possible - absent,
    authorised: absent,
    unauthorised: 0,
    absencePct: Math.round(10000 * ratio) / 100,
    attendancePct: Math.round(10000 * (1 - ratio)) / 100,
    band:
      ratio >= 0.5 ? 'severe' : ratio >= 0.1 ? 'persistent' : ratio >= 0.05 ? 'at-risk' : 'none',
    presentSessionsToRecover: 10 * absent >= possible ? 10 * absent - possible + 1 : 0,
    sessionsUntilPersistent: possible > 10 * absent ? Math.ceil((possible - 10 * absent) / 9) : 0,
  });
}

describe('a badge on thin evidence', () => {
  const context = { minSessions: 20, year: null };

  it('should show counts and no band word for one illness mark on a register with no history', () => {
    const model = badgeModel(
      { key: 'k', name: 'Ada', figures: counted(1, 1), flags: [flag('severe-absence', 'high')] },
      context,
    );
    expect([model.tone, model.bandLabel, model.short]).toEqual([
      'early',
      '1 absent of 1 session',
      '1/1',
    ]);
    expect(model.label).toBe('Ada: 1 absent of 1 session, too early to tell');
    expect(model.lines[0]).toBe('Too early to tell: 1 absent of 1 session');
  });

  it('should keep rate flags quiet but still name an unexplained absence', () => {
    const quiet = badgeModel(
      { key: 'k', name: 'A', figures: counted(2, 7), flags: [flag('near-persistent', 'high')] },
      context,
    );
    const loud = badgeModel(
      { key: 'k', name: 'A', figures: counted(2, 7), flags: [flag('unresolved-reason', 'high')] },
      context,
    );
    expect([quiet.flagLabel, loud.flagLabel]).toEqual([null, 'Unexplained absence']);
  });

  it.each([
    [19, 'early', '2 absent of 19 sessions'],
    [20, 'persistent', 'Persistent'],
  ] as const)('should treat %i possible sessions as %s', (possible, tone, words) => {
    const model = badgeModel(
      { key: 'k', name: 'A', figures: counted(2, possible), flags: [] },
      context,
    );
    expect([model.tone, model.bandLabel]).toEqual([tone, words]);
  });

  it('should show the band exactly as before for a pupil with 20 or more sessions', () => {
    const model = badgeModel(
      {
        key: 'k',
        name: 'Ada',
        figures: counted(30, 200),
        flags: [flag('unresolved-reason', 'high')],
      },
      context,
    );
    expect([model.tone, model.bandLabel, model.label]).toEqual([
      'persistent',
      'Persistent',
      'Ada: Persistent, Unexplained absence',
    ]);
  });
});

describe('recovery in the tooltip', () => {
  it('should say recovery is impossible this year and give the best year-end figure', () => {
    // 31 absent of 210: 10 × 31 − 210 + 1 = 101 present sessions needed, 40 left; 31 / 250 = 12.4%.
    const lines = countLines(counted(31, 210), {
      minSessions: 20,
      year: { sessionsLeft: 40, yearEnd: '2026-07-22' },
    });
    expect(lines).toContain(
      'Cannot get below 10% this year; with full attendance from today: 12.4% by July',
    );
  });

  it('should give the sessions needed when the year still has them', () => {
    // 30 absent of 200: 10 × 30 − 200 + 1 = 101 needed, 240 left.
    const lines = countLines(counted(30, 200), {
      minSessions: 20,
      year: { sessionsLeft: 240, yearEnd: '2026-07-22' },
    });
    expect(lines).toContain('101 present sessions to get back under 10% (240 left this year)');
  });
});
