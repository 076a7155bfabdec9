import type { MarkMappingEntry } from '../../utils/registers/mapping';
import { codeChoices, type AskedLabel } from '../../utils/registers/meaning';

/**
 * "What does this mean?": one row per mark label Register Lens could not map, each with the
 * statutory codes to choose from, grouped by category and named in words. Controlled: the picker
 * previews the register with the answers as they are given; nothing is saved here.
 */
export interface MeaningListProps {
  labels: readonly AskedLabel[];
  /** Label → chosen code ('' for "not sure yet"). */
  answers: Readonly<Record<string, string>>;
  onAnswer(raw: string, code: string): void;
  /** Keeps ids unique when two lists are on the page. */
  idPrefix: string;
}

const WHY: Record<AskedLabel['why'], string> = {
  unmapped: 'no code yet, so not counted',
  'needs-mapping': 'counted as N (no reason yet) until you choose',
  foreign: 'this page’s own letter, not the English code of the same letter',
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function MeaningList({ labels, answers, onAnswer, idPrefix }: MeaningListProps) {
  if (labels.length === 0) return null;
  return (
    <fieldset class="rl-meaning">
      <legend>What does this mean?</legend>
      <p class="rl-meaning__intro">
        Choose the statutory code each of this page’s marks stands for. Marks left as “Not sure yet”
        are shown but never guessed.
      </p>
      <ul class="rl-meaning__list">
        {labels.map((label, i) => {
          const id = `${idPrefix}-${i}`;
          const hint = `${id}-hint`;
          return (
            <li key={label.raw}>
              <label for={id}>
                <span class="rl-meaning__raw">“{label.raw}”</span>
              </label>
              <span id={hint} class="rl-meaning__hint">
                {plural(label.count, 'mark', 'marks')}: {WHY[label.why]}
                {label.pageSays ? `. The page’s key says “${label.pageSays}”` : ''}.
              </span>
              <select
                id={id}
                aria-describedby={hint}
                value={answers[label.raw] ?? ''}
                onChange={(e) => onAnswer(label.raw, (e.currentTarget as HTMLSelectElement).value)}
              >
                <option value="">Not sure yet (leave unmapped)</option>
                {codeChoices(label.date).map((group) => (
                  <optgroup key={group.category} label={group.label}>
                    {group.codes.map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.label}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/** The answers each list starts with: what the page's own words suggest. */
export function initialAnswers(labels: readonly AskedLabel[]): Record<string, string> {
  return Object.fromEntries(labels.map((l) => [l.raw, l.suggestion ?? '']));
}

/**
 * The mapping entries the answers make. A letter of a foreign code set left "not sure" is saved
 * as mapping to no code, so it is shown as unknown rather than read as the English code; an
 * absence counted as N keeps counting until it is answered.
 */
export function answersToEntries(
  labels: readonly AskedLabel[],
  answers: Readonly<Record<string, string>>,
): MarkMappingEntry[] {
  const entries: MarkMappingEntry[] = [];
  for (const label of labels) {
    const code = answers[label.raw] ?? '';
    if (code) entries.push({ raw: label.raw, code });
    else if (label.why === 'foreign') entries.push({ raw: label.raw, code: null });
  }
  return entries;
}
