import type { ComponentChildren } from 'preact';

/**
 * Pieces the marks import (ImportWizard.tsx), the prior-summary import (PriorImport.tsx) and the
 * unfinished-import notice (UnfinishedImports.tsx) say the same way: one wording, one markup.
 */

/** Lines listed at most in a list of errors or warnings; the rest are counted. */
export const MAX_LISTED = 100;

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export interface LineMessage {
  line: number;
  message: string;
}

/** A failure the user must read at once; nothing when there is none. */
export function ErrorAlert({ message }: { message: string | null }) {
  return message ? (
    <p class="error" role="alert">
      {message}
    </p>
  ) : null;
}

/**
 * The lines with errors, announced at once, after a sentence saying how many and what happens
 * now (`consequence`); `children` follow the list inside the same alert (a way on, if any).
 */
export function LineErrors({
  errors,
  consequence,
  children,
}: {
  errors: readonly LineMessage[];
  consequence: string;
  children?: ComponentChildren;
}) {
  return (
    <div role="alert">
      <p class="error">
        {plural(errors.length, 'line has', 'lines have')} errors. {consequence}
      </p>
      <ul class="error" aria-label="Errors by line">
        {errors.slice(0, MAX_LISTED).map((e, i) => (
          <li key={i}>
            Line {e.line}: {e.message}
          </li>
        ))}
        {errors.length > MAX_LISTED ? (
          <li>…and {plural(errors.length - MAX_LISTED, 'more error')}.</li>
        ) : null}
      </ul>
      {children}
    </div>
  );
}

/** Warnings folded away under their count; nothing when there are none. */
export function LineWarnings({ warnings }: { warnings: readonly LineMessage[] }) {
  return warnings.length > 0 ? (
    <details>
      <summary>{plural(warnings.length, 'warning')}</summary>
      <ul>
        {warnings.slice(0, MAX_LISTED).map((w, i) => (
          <li key={i}>
            Line {w.line}: {w.message}
          </li>
        ))}
      </ul>
    </details>
  ) : null;
}

/** Where an import goes: one select of the sites the store knows. */
export function SiteSelect({
  id,
  label,
  sites,
  siteId,
  onSite,
  children,
}: {
  id: string;
  label: string;
  sites: readonly { id: string; label: string }[];
  siteId: string;
  onSite(siteId: string): void;
  /** A hint under the select. */
  children?: ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={siteId}
        onChange={(e) => onSite((e.currentTarget as HTMLSelectElement).value)}
      >
        {sites.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
      {children}
    </div>
  );
}

/** The words for what an import holds: one, many, and those it put back or left. */
export interface UndoWords {
  one: string;
  many?: string;
  earlier: [string, string?];
  newer: [string, string?];
}

/** The words of a marks import. */
export const MARK_WORDS: UndoWords = {
  one: 'mark',
  earlier: ['earlier mark'],
  newer: ['newer mark'],
};

/**
 * The end of an import: what it did (`imported`) or, once undone, what its undo did; then its
 * undo (until used) and a way to the next file.
 */
export function ImportDone({
  label,
  imported,
  undone,
  words,
  onUndo,
  onReset,
}: {
  label: string;
  imported: string;
  undone: { removed: number; restored: number; keptNewer: number } | null;
  words: UndoWords;
  onUndo(): void;
  onReset(): void;
}) {
  return (
    <div>
      <p role="status">{undone ? undoneSentence(label, undone, words) : imported}</p>
      <div class="row">
        {undone ? null : (
          <button type="button" onClick={onUndo}>
            Undo this import
          </button>
        )}
        <button type="button" onClick={onReset}>
          Import another file
        </button>
      </div>
    </div>
  );
}

/** What an undo put right, in the words of the thing undone ("mark", "summary"). */
export function undoneSentence(
  label: string,
  undone: { removed: number; restored: number; keptNewer: number },
  words: UndoWords,
  what = 'The import',
): string {
  return `${what} of ${label} was undone: ${plural(undone.removed, words.one, words.many)} removed, ${plural(undone.restored, ...words.earlier)} put back${undone.keptNewer ? `, ${plural(undone.keptNewer, ...words.newer)} left as they are` : ''}.`;
}
