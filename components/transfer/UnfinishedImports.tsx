import { useEffect, useRef } from 'preact/hooks';
import type { UnfinishedImport } from '../../utils/store';
import { ErrorAlert, MARK_WORDS, plural, undoneSentence } from './parts';
import type { UnfinishedItem, UnfinishedModel } from './unfinished';

/**
 * Imports that did not finish, at the top of the import section: each says what happened in
 * one sentence and offers its exact undo; once undone, a way to import the same file again.
 * Nothing is shown when every import finished.
 */
export function UnfinishedImports({
  model,
  onImportAgain,
}: {
  model: UnfinishedModel;
  /** Back to choosing a file, for the file named. */
  onImportAgain(label: string): void;
}) {
  const items = model.items.value;
  if (items.length === 0) return null;
  return (
    <div class="rl-unfinished notice" role="group" aria-labelledby="rl-unfinished-heading">
      <h3 id="rl-unfinished-heading">
        {items.length === 1 ? 'An import did not finish' : 'Imports that did not finish'}
      </h3>
      <ul>
        {items.map((item) => (
          <li key={item.batch.batchId}>
            <UnfinishedRow
              item={item}
              onUndo={() => void model.undo(item.batch.batchId)}
              onImportAgain={() => onImportAgain(item.batch.label)}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "7 December 2026 at 03:40", in the browser's own time zone. */
export function startedAt(iso: string): string {
  const when = new Date(iso);
  return Number.isNaN(when.getTime())
    ? iso
    : when.toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short' });
}

/** What happened to an unfinished import, in one sentence a person can act on. */
export function unfinishedSentence(item: UnfinishedItem): string {
  const b: UnfinishedImport = item.batch;
  const saved = `${plural(b.rows, 'row')} of it ${b.rows === 1 ? 'was' : 'were'} saved, changing marks for ${plural(b.pupils, 'pupil')}`;
  switch (item.status) {
    case 'writing':
      return `The import of ${b.label}, started ${startedAt(b.at)}, is still being saved in another window: leave that window open until it finishes.`;
    case 'undone': {
      const u = item.undone!;
      return `${undoneSentence(b.label, u, MARK_WORDS, 'The unfinished import')} If you still have the file, import it again.`;
    }
    default:
      return `The import of ${b.label}, started ${startedAt(b.at)}, stopped part way: the page or the browser closed before it finished. ${saved}, and the rest of the file is missing. Undo it to remove exactly what it saved and put back any marks it replaced.`;
  }
}

function UnfinishedRow({
  item,
  onUndo,
  onImportAgain,
}: {
  item: UnfinishedItem;
  onUndo(): void;
  onImportAgain(): void;
}) {
  const { status, batch } = item;
  const busy = status === 'undoing';
  const again = useRef<HTMLButtonElement>(null);
  // Only this page's own undo makes a row undone, and its button goes then: focus moves on to
  // what comes next rather than falling to the page's start.
  useEffect(() => {
    if (status === 'undone') again.current?.focus();
  }, [status]);
  return (
    <>
      {/* The state in words first, so it is never told by colour or position alone. */}
      <p role={status === 'undone' ? 'status' : undefined}>
        <strong>
          {status === 'undone'
            ? 'Undone: '
            : status === 'writing'
              ? 'Still saving: '
              : 'Not finished: '}
        </strong>
        {unfinishedSentence(item)}
      </p>
      {status === 'failed' ? (
        <ErrorAlert message={`The unfinished import could not be undone: ${item.error ?? ''}`} />
      ) : null}
      <div class="row">
        {status === 'stopped' || status === 'failed' || busy ? (
          <button
            type="button"
            // Not `disabled`: that would drop the keyboard's focus while the undo runs.
            aria-disabled={busy}
            onClick={() => {
              if (!busy) onUndo();
            }}
          >
            {busy ? 'Undoing…' : `Undo the unfinished import of ${batch.label}`}
          </button>
        ) : null}
        {status === 'undone' ? (
          <button ref={again} type="button" onClick={onImportAgain}>
            Import {batch.label} again
          </button>
        ) : null}
      </div>
    </>
  );
}
