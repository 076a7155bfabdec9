import { describe, expect, it } from 'vitest';
import { bandFor, withLiveMarks } from '../../../components/overlay/preview';
import { DEFAULT_THRESHOLDS } from '../../../utils/attendance/thresholds';
import { figures } from './fixtures';

const DAY = '2026-01-21';

describe('withLiveMarks', () => {
  it('should count an unsaved absence into possible and unauthorised sessions', () => {
    const base = figures({
      possible: 90,
      present: 82,
      authorised: 4,
      unauthorised: 4,
      band: 'at-risk',
    });
    const live = withLiveMarks(base, [{ date: DAY, session: 'AM', code: 'N' }]);
    expect([live.possible, live.unauthorised, live.absencePct, live.band]).toEqual([
      91,
      5,
      9.89,
      'at-risk',
    ]);
  });

  it('should make a pupil persistent when the live mark crosses exactly 10%', () => {
    const base = figures({
      possible: 99,
      present: 90,
      authorised: 5,
      unauthorised: 4,
      band: 'at-risk',
    });
    const live = withLiveMarks(base, [{ date: DAY, session: 'AM', code: 'O' }]);
    expect([live.possible, live.band, live.absencePct, live.presentSessionsToRecover]).toEqual([
      100,
      'persistent',
      10,
      1,
    ]);
  });

  it('should replace a stored mark for the same session rather than count it twice', () => {
    const base = figures({ possible: 100, present: 90, authorised: 0, unauthorised: 10 });
    const live = withLiveMarks(base, [{ date: DAY, session: 'AM', code: '/', storedCode: 'N' }]);
    expect([live.possible, live.present, live.unauthorised, live.band]).toEqual([
      100,
      91,
      9,
      'at-risk',
    ]);
  });

  it('should leave the figures alone when nothing is marked yet', () => {
    const base = figures();
    expect(withLiveMarks(base, [{ date: DAY, session: 'AM', code: null }])).toBe(base);
  });

  it('should not count a not-possible code', () => {
    const base = figures();
    expect(withLiveMarks(base, [{ date: DAY, session: 'PM', code: 'Y1' }])).toBe(base);
  });

  it('should give the sessions until persistent by the contract formula', () => {
    const base = figures({
      possible: 40,
      present: 40,
      authorised: 0,
      unauthorised: 0,
      band: 'none',
    });
    const live = withLiveMarks(base, [{ date: DAY, session: 'AM', code: 'I' }]);
    // p = 41, a = 1: ceil((41 - 10) / 9) = 4
    expect(live.sessionsUntilPersistent).toBe(4);
  });
});

describe('bandFor', () => {
  it.each([
    [50, 100, 'severe'],
    [10, 100, 'persistent'],
    [9, 100, 'at-risk'],
    [4, 100, 'none'],
    [0, 0, null],
  ] as const)('should band %i absent of %i as %s', (absent, possible, band) => {
    expect(bandFor(absent, possible, DEFAULT_THRESHOLDS)).toBe(band);
  });
});
