import type { MapOptions } from '../mapping';
import type { ReadResult } from '../types';
import { labelMap } from './labels';
import { findLegend } from './legend';
import { findNames } from './names';
import { readPerson } from './person';
import { type Candidate, readGroup } from './register';
import { groupRows } from './rows';
import { splitNames } from './split-names';
import { hiddenClasses } from './skipped';

/**
 * The layout-independent reader. A register is a repeated structure (table rows, ARIA rows, list
 * items, cards) where each item names one person and shows one or more marks. It is found by
 * meaning: people's names first, then the smallest repeated containers around them, then marks
 * from whatever carries them (selected option, checked radio, pressed toggle, code letters,
 * labelled icons). When that does not add up it says "no register" rather than guess.
 */

/** Reads the best register on the page, or says there is none. */
export function readGeneric(root: ParentNode, url: string, map: MapOptions = {}): ReadResult {
  let labelCache: Map<string, string> | undefined;
  const labels = () => (labelCache ??= labelMap(root));
  const hidden = hiddenClasses(root);
  // One walk over the page's texts finds the names and what could title a key.
  const keyTitles: Element[] = [];
  const names = findNames(root, hidden, keyTitles);
  // Names split over a "Surname" and a "Forename" column: neither cell is a name alone.
  const split = splitNames(root, names);
  if (split.length) names.push(...split);
  const groups = names.length < 2 ? [] : groupRows(root, names).filter((g) => g.rows.length >= 2);
  const legend = findLegend(root, new Set(groups.map((g) => g.container)), keyTitles);
  // A one-pupil screen names its pupil in a picker; the names elsewhere are staff and logs.
  const person = readPerson(root, url, map, legend, labels);
  if (person) return { ok: true, ...person };
  if (names.length < 2)
    return { ok: false, reason: 'No register found: fewer than two pupil names on the page.' };
  let best: Candidate | null = null;
  for (const g of groups) {
    const c = readGroup(root, url, g, map, labels, legend, hidden);
    if (c && (!best || c.score > best.score)) best = c;
  }
  if (!best) {
    return { ok: false, reason: 'No register found: no repeated rows of pupils with marks.' };
  }
  return { ok: true, reading: best.reading, confidence: best.confidence };
}

// What teach mode and tests reuse: how a control is labelled, a label's own date, a pupil's key.
export { accessibleText, labelMap, labelOfControl, ownDate } from './labels';
export { pupilKey } from './keys';
export { findNames } from './names';
export { groupRows } from './rows';
