import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReportEntries } from '../../utils/attendance/report';
import { CONTEXT_TAGS, type ContextTag, type FlagId } from '../../utils/attendance/types';
import { STAGE_IDS } from '../../utils/support/records';
import { stepsFor } from '../../utils/support/suggest';
import { parseMarksCsv } from '../../utils/transfer/marks-csv';

// The shared sample through the real engine, then the support rules, as `analyse --steps` does.
const csv = readFileSync(
  resolve(process.cwd(), '../shared/fixtures/marks/autumn-2025.csv'),
  'utf8',
);
const { entries } = buildReportEntries(parseMarksCsv(csv));
const run = (tags: readonly ContextTag[]) =>
  entries.map((entry) => {
    const analysis = entry.analysis!;
    const flags = new Set<FlagId>(analysis.flags.map((f) => f.id));
    const steps = stepsFor(analysis, tags, {
      marks: entry.marks,
      pupilId: entry.pupil.pupilId,
      ...(entry.pupil.name ? { name: entry.pupil.name } : {}),
    });
    return { id: entry.pupil.pupilId, analysis, flags, steps, ids: steps.map((s) => s.id) };
  });
const plain = run([]);
const withContext = run(CONTEXT_TAGS);
const hasAny = (flags: Set<FlagId>, ids: FlagId[]) => ids.some((id) => flags.has(id));

describe('steps from the real engine on the shared sample', () => {
  it('should give steps to flagged pupils and none to pupils without flags', () => {
    expect(plain.filter((p) => p.steps.length > 0).length).toBeGreaterThan(10);
    expect(plain.filter((p) => p.flags.size === 0).every((p) => p.steps.length === 0)).toBe(true);
  });

  it('should use only contract stages, list no step twice and never suggest the penalty framework', () => {
    for (const { ids, steps } of [...plain, ...withContext]) {
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).not.toContain('consider-penalty-framework');
      for (const step of steps) expect(STAGE_IDS).toContain(step.stage);
    }
  });

  it('should follow each engine flag with its step', () => {
    for (const { flags, ids, analysis, steps } of plain) {
      if (flags.has('possible-missing-education'))
        expect(ids[0]).toBe('notify-la-missing-education');
      if (flags.has('unresolved-reason')) expect(ids).toContain('resolve-unexplained');
      if (hasAny(flags, ['at-risk', 'near-persistent', 'recent-decline']))
        expect(ids).toEqual(expect.arrayContaining(['tutor-conversation', 'family-meeting']));
      if (hasAny(flags, ['persistent-absence', 'severe-absence']))
        expect(ids).toEqual(
          expect.arrayContaining([
            'family-meeting',
            'support-plan',
            'wider-services',
            'attendance-mentor',
          ]),
        );
      if (flags.has('severe-absence')) expect(ids).toContain('joint-la-plan');
      const weekday = analysis.flags.find((f) => f.id === 'weekday-pattern');
      const day =
        weekday && /(Monday|Tuesday|Wednesday|Thursday|Friday)s/.exec(weekday.reason)?.[1];
      if (day) expect(steps.find((s) => s.id === 'ask-about-weekday')?.text).toContain(`${day}s`);
    }
    expect(plain.some((p) => p.flags.has('possible-missing-education'))).toBe(true);
    expect(plain.some((p) => p.flags.has('weekday-pattern'))).toBe(true);
  });

  it('should add the context steps for every pupil with an absence flag', () => {
    for (const { flags, ids } of withContext) {
      const absence = [...flags].some((id) => id !== 'lateness' && id !== 'few-sessions');
      for (const step of ['inform-social-worker', 'virtual-school-head', 'senco-review'] as const)
        expect(ids.includes(step)).toBe(absence);
    }
  });
});
