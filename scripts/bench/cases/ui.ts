import { sortQueue, filterQueue, type QueueFilters } from '../../../components/panel/queue';
import type { QueueItem } from '../../../components/panel/model';
import type { Band, ContextTag, Flag, FlagId } from '../../../utils/attendance/types';
import { median, time, type BenchSuite, type CaseResult } from '../harness';

/**
 * The review queue against CONTRACTS.md §4: filtering 1,500 flagged pupils with the panel's own
 * `filterQueue` (several facets and a name search at once, as a pastoral lead would), beside a
 * plain `Array.prototype.filter` on one field of the same items in the same run.
 */

const PUPILS = 1500;
const FLAG_POOL: FlagId[] = [
  'persistent-absence',
  'at-risk',
  'near-persistent',
  'recent-decline',
  'weekday-pattern',
  'unresolved-reason',
  'lateness',
  'absence-spells',
];
const TAG_POOL: ContextTag[] = [
  'send',
  'ehcp',
  'social-worker',
  'looked-after',
  'young-carer',
  'fsm',
];
const FORENAMES = ['Ava', 'Ben', 'Cara', 'Dev', 'Ella', 'Finn', 'Grace', 'Harun', 'Isla', 'Jay'];
const SURNAMES = ['Ahmed', 'Brown', 'Clarke', 'Davies', 'Evans', 'Foster', 'Green', 'Hughes'];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticQueue(): QueueItem[] {
  const random = rng(20260121);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: PUPILS }, (_, i) => {
    const year = 7 + (i % 5);
    const group = `${year}${'ABCDEFGH'[Math.floor(i / 5) % 8]}`;
    const possible = 200;
    const absent = Math.floor(random() * 70) + 6;
    const ratio = absent / possible;
    const band: Band = ratio >= 0.5 ? 'severe' : ratio >= 0.1 ? 'persistent' : 'at-risk';
    const flags: Flag[] = [
      ...new Set([band === 'severe' ? 'severe-absence' : pick(FLAG_POOL), pick(FLAG_POOL)]),
    ].map((id) => ({ id: id as FlagId, severity: 'medium', reason: 'x', evidence: [] }));
    const tags = random() < 0.4 ? [pick(TAG_POOL)] : [];
    return {
      pupilId: `P${String(i).padStart(5, '0')}`,
      name: `${pick(FORENAMES)} ${pick(SURNAMES)}`,
      group,
      year: `Year ${year}`,
      figures: {
        possible,
        present: possible - absent,
        authorised: absent,
        unauthorised: 0,
        lateBeforeClose: 0,
        lateAfterClose: 0,
        notPossible: 0,
        unmarked: 0,
        unknown: 0,
        attendancePct: Math.round(10000 * (1 - ratio)) / 100,
        absencePct: Math.round(10000 * ratio) / 100,
        band,
        sessionsUntilPersistent: 0,
        presentSessionsToRecover: 10 * absent - possible + 1,
        maxUnauthorisedIn10Weeks: 0,
      },
      flags,
      tags,
      topStep: null,
      stage: null,
      change: null,
      reviews:
        random() < 0.1
          ? {
              [flags[0]!.id]: {
                flagId: flags[0]!.id,
                action: 'acknowledged',
                reason: 'x',
                at: '2026-01-01',
              },
            }
          : {},
      dueFollowUp: random() < 0.05 ? '2026-01-20' : null,
    };
  });
}

/** A pastoral lead's usual question: Year 9 and 10, persistent or severe, any context tag, by name. */
export const REALISTIC_FILTERS: QueueFilters = {
  years: ['Year 9', 'Year 10'],
  bands: ['persistent', 'severe'],
  flags: ['persistent-absence', 'severe-absence', 'recent-decline', 'weekday-pattern'],
  tags: ['fsm', 'send', 'young-carer'],
  search: 'a',
};

const suite: BenchSuite = {
  id: 'ui',
  async run(): Promise<CaseResult[]> {
    const items = syntheticQueue();
    let kept = 0;
    const samplesMs = await time(
      () => {
        kept = filterQueue(items, REALISTIC_FILTERS).length;
      },
      { runs: 51, warmup: 10 },
    );
    const baselineSamplesMs = await time(() => items.filter((item) => item.group === '9A').length, {
      runs: 51,
      warmup: 10,
    });
    const sortSamples = await time(() => sortQueue(filterQueue(items, {}), 'concern'), {
      runs: 15,
      warmup: 3,
    });
    return [
      {
        name: 'ui.queue.filter1500',
        samplesMs,
        baseline: 'ui.queue.plain-filter1500',
        baselineSamplesMs,
        extra: {
          pupils: items.length,
          kept,
          budgetMs: 50,
          unfilteredSortedByConcernMs: Math.round(median(sortSamples) * 100) / 100,
        },
      },
    ];
  },
};

export default suite;
