import { describe, expect, it } from 'vitest';
import { facetValues, filterQueue, openFlags, sortQueue } from '../../../components/panel/queue';
import { flag, pupil, queueItem } from './fixtures';

const items = [
  queueItem(pupil('a', 'Ava Ash', 100, 12, { group: '7A', year: 'Year 7', tags: ['fsm'] })),
  queueItem(pupil('b', 'Bo Birch', 100, 60, { group: '7B', year: 'Year 7', tags: ['send'] })),
  queueItem(pupil('c', 'Cy Cedar', 100, 7, { group: '8A', year: 'Year 8' })),
  queueItem(
    pupil('d', 'Di Dogwood', 100, 15, {
      group: '8A',
      year: 'Year 8',
      tags: ['looked-after', 'fsm'],
    }),
    {
      reviews: {
        'persistent-absence': {
          flagId: 'persistent-absence',
          action: 'acknowledged',
          reason: 'Plan in place',
          at: '2026-01-10',
        },
      },
    },
  ),
];
const ids = (list: { pupilId: string }[]) => list.map((i) => i.pupilId);

describe('filterQueue', () => {
  it.each([
    ['no filter', {}, ['a', 'b', 'c']],
    ['one form', { groups: ['7A'] }, ['a']],
    ['either of two forms', { groups: ['7A', '8A'] }, ['a', 'c']],
    ['a year', { years: ['Year 7'] }, ['a', 'b']],
    ['a band', { bands: ['persistent' as const] }, ['a']],
    ['a flag', { flags: ['at-risk' as const] }, ['c']],
    ['a context tag', { tags: ['fsm' as const] }, ['a']],
    ['a year and a tag together', { years: ['Year 7'], tags: ['send' as const] }, ['b']],
    ['a search on the name, ignoring case', { search: 'birch' }, ['b']],
    ['a search on the form', { search: '8a' }, ['c']],
  ])('should keep the right pupils for %s', (_, filters, expected) => {
    expect(ids(filterQueue(items, filters))).toEqual(expected);
  });

  it('should leave out a pupil whose every flag has been reviewed', () => {
    expect(ids(filterQueue(items, {}))).not.toContain('d');
  });

  it('should bring reviewed pupils back when asked', () => {
    expect(ids(filterQueue(items, { includeReviewed: true, tags: ['fsm'] }))).toEqual(['a', 'd']);
  });

  it('should not count the few-sessions caveat as a flag to review', () => {
    const early = queueItem({
      ...pupil('e', 'Eli Elm', 10, 0),
      flags: [flag('few-sessions', 'low')],
    });
    expect(filterQueue([early], {})).toEqual([]);
    expect(openFlags(early)).toEqual([]);
  });
});

describe('sortQueue', () => {
  it.each([
    ['concern', ['b', 'd', 'a', 'c']],
    ['absence', ['b', 'd', 'a', 'c']],
    ['name', ['a', 'b', 'c', 'd']],
    ['group', ['a', 'b', 'd', 'c']],
  ] as const)('should sort by %s', (sort, expected) => {
    expect(ids(sortQueue(items, sort))).toEqual(expected);
  });

  it('should put the earliest follow-up first when sorting by follow-up', () => {
    const withDue = [
      items[0]!,
      { ...items[2]!, dueFollowUp: '2026-01-02' },
      { ...items[1]!, dueFollowUp: '2026-01-09' },
    ];
    expect(ids(sortQueue(withDue, 'follow-up'))).toEqual(['c', 'b', 'a']);
  });
});

describe('facetValues', () => {
  it('should offer each form, year and flag once, in order', () => {
    expect(facetValues(items)).toEqual({
      groups: ['7A', '7B', '8A'],
      years: ['Year 7', 'Year 8'],
      flags: ['at-risk', 'persistent-absence', 'severe-absence'],
    });
  });
});
