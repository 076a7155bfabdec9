import type { ContextTag, FlagId } from '../../utils/attendance/types';
import { bandKey, type BandKey } from '../ui/band';
import { compareConcern } from './format';
import type { QueueItem } from './model';

export interface QueueFilters {
  groups?: readonly string[];
  years?: readonly string[];
  flags?: readonly FlagId[];
  bands?: readonly BandKey[];
  tags?: readonly ContextTag[];
  /** Matches the name, the pupil id or the form, ignoring case. */
  search?: string;
  /** Show pupils whose every flag has been acknowledged or is snoozed. */
  includeReviewed?: boolean;
}

export type QueueSort = 'concern' | 'name' | 'group' | 'absence' | 'follow-up';

const asSet = <T>(values: readonly T[] | undefined): Set<T> | null =>
  values && values.length ? new Set(values) : null;

/** Flags a pastoral lead still has to look at: not the caveat, not acknowledged or snoozed. */
export function openFlags(item: QueueItem): FlagId[] {
  const open: FlagId[] = [];
  for (const flag of item.flags) {
    if (flag.id !== 'few-sessions' && !item.reviews[flag.id]) open.push(flag.id);
  }
  return open;
}

/**
 * The review queue's filter. Within one facet any value matches (group 7A or 7B); across facets
 * all must match (7A and persistent). The facet sets are built once, so the loop stays a handful
 * of lookups per pupil even for a whole school.
 */
export function filterQueue(items: readonly QueueItem[], filters: QueueFilters): QueueItem[] {
  const groups = asSet(filters.groups);
  const years = asSet(filters.years);
  const flags = asSet(filters.flags);
  const bands = asSet(filters.bands);
  const tags = asSet(filters.tags);
  const search = filters.search?.trim().toLocaleLowerCase('en-GB') ?? '';
  const includeReviewed = filters.includeReviewed ?? false;
  const out: QueueItem[] = [];
  for (const item of items) {
    if (groups && !groups.has(item.group ?? '')) continue;
    if (years && !years.has(item.year ?? '')) continue;
    if (bands && !bands.has(bandKey(item.figures.band))) continue;
    if (tags && !item.tags.some((tag) => tags.has(tag))) continue;
    let hasOpen = false;
    let matchesFlag = flags === null;
    for (const flag of item.flags) {
      if (flag.id === 'few-sessions') continue;
      const reviewed = item.reviews[flag.id] !== undefined;
      if (!reviewed) hasOpen = true;
      if (flags && flags.has(flag.id) && (includeReviewed || !reviewed)) matchesFlag = true;
    }
    if (!matchesFlag) continue;
    if (!includeReviewed && !hasOpen) continue;
    if (
      search &&
      !item.name.toLocaleLowerCase('en-GB').includes(search) &&
      !item.pupilId.toLocaleLowerCase('en-GB').includes(search) &&
      !(item.group ?? '').toLocaleLowerCase('en-GB').includes(search)
    ) {
      continue;
    }
    out.push(item);
  }
  return out;
}

const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

export function sortQueue(items: readonly QueueItem[], sort: QueueSort): QueueItem[] {
  const sorted = [...items];
  switch (sort) {
    case 'concern':
      return sorted.sort(compareConcern);
    case 'name':
      return sorted.sort((a, b) => collator.compare(a.name, b.name) || compareConcern(a, b));
    case 'group':
      return sorted.sort(
        (a, b) => collator.compare(a.group ?? '', b.group ?? '') || compareConcern(a, b),
      );
    case 'absence':
      return sorted.sort(
        (a, b) =>
          (b.figures.absencePct ?? -1) - (a.figures.absencePct ?? -1) || compareConcern(a, b),
      );
    case 'follow-up':
      return sorted.sort(
        (a, b) =>
          (a.dueFollowUp ?? '9999').localeCompare(b.dueFollowUp ?? '9999') || compareConcern(a, b),
      );
  }
}

/** The options each filter offers, from the items themselves. */
export function facetValues(items: readonly QueueItem[]): {
  groups: string[];
  years: string[];
  flags: FlagId[];
} {
  const groups = new Set<string>();
  const years = new Set<string>();
  const flags = new Set<FlagId>();
  for (const item of items) {
    if (item.group) groups.add(item.group);
    if (item.year) years.add(item.year);
    for (const flag of item.flags) if (flag.id !== 'few-sessions') flags.add(flag.id);
  }
  return {
    groups: [...groups].sort(collator.compare),
    years: [...years].sort(collator.compare),
    flags: [...flags].sort(),
  };
}
