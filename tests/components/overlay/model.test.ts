import { describe, expect, it } from 'vitest';
import { badgeModel, countLines, topFlag } from '../../../components/overlay/model';
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
      '14 present sessions to recover',
    );
  });

  it('should state the count the figure rests on, in the singular for one session', () => {
    const lines = countLines(
      figures({ possible: 1, present: 1, authorised: 0, unauthorised: 0, absencePct: 0 }),
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
