import { describe, expect, it } from 'vitest';
import { analysePupil, weeklySeries } from '../../utils/attendance/analyse';
import { createEngine } from '../../utils/attendance/engine';
import { rep, sessions } from './helpers';

describe('createEngine', () => {
  it('should re-analyse only the pupils a register touches', () => {
    const engine = createEngine({ asOf: '2025-09-30' });
    engine.setPupilMarks('A', sessions('2025-09-08', rep('/', 20), 'A'));
    engine.setPupilMarks('B', sessions('2025-09-08', rep('/', 20), 'B'));
    const before = engine.get('B');

    const touched = engine.applyMarks([
      { pupilId: 'A', date: '2025-09-22', session: 'AM', mark: 'N' },
    ]);

    expect(touched).toEqual(['A']);
    expect(engine.get('A')!.figures.unauthorised).toBe(1);
    expect(engine.get('B')).toBe(before);
  });

  it('should let a re-saved register replace the marks it saved before', () => {
    const engine = createEngine({ asOf: '2025-09-30' });
    engine.setPupilMarks('A', sessions('2025-09-08', rep('/', 20), 'A'));

    engine.applyMarks([{ pupilId: 'A', date: '2025-09-19', session: 'PM', mark: 'I' }]);
    engine.applyMarks([{ pupilId: 'A', date: '2025-09-19', session: 'PM', mark: 'M' }]);

    expect(engine.get('A')!.figures).toMatchObject({ possible: 20, authorised: 1 });
    expect(engine.timeline('A')!.length).toBe(20);
  });

  it('should recompute everyone when "today" moves', () => {
    const engine = createEngine({ asOf: '2025-09-12' });
    engine.setPupilMarks('A', sessions('2025-09-08', rep('N', 20), 'A'));

    engine.configure({ asOf: '2025-09-19' });

    expect(engine.get('A')!.figures.unauthorised).toBe(20);
  });
});

describe('analysePupil: views without recomputing', () => {
  it('should give a weekly series with cumulative absence', () => {
    const marks = sessions('2025-09-08', [...rep('I', 2), ...rep('/', 8), ...rep('/', 10)]);

    const weeks = weeklySeries(marks);

    expect(weeks).toEqual([
      expect.objectContaining({
        weekStart: '2025-09-08',
        possible: 10,
        absent: 2,
        cumulativeAbsencePct: 20,
      }),
      expect.objectContaining({
        weekStart: '2025-09-15',
        possible: 10,
        absent: 0,
        cumulativeAbsencePct: 10,
      }),
    ]);
  });

  it('should count absence by weekday and session for the heatmap', () => {
    const marks = sessions('2025-09-08', ['I', '\\', '/', 'N']); // Monday AM, Tuesday PM

    const { heatmap } = analysePupil(marks, { asOf: '2025-09-30' });

    expect(heatmap.absent[0]).toEqual([1, 0]);
    expect(heatmap.absent[1]).toEqual([0, 1]);
    expect(heatmap.possible[1]).toEqual([1, 1]);
  });

  it('should ignore marks after asOf but keep them on the timeline', () => {
    const marks = sessions('2025-09-08', rep('N', 20));

    const a = analysePupil(marks, { asOf: '2025-09-12' });

    expect(a.figures.unauthorised).toBe(10);
    expect(a.timeline.length).toBe(20);
  });
});
