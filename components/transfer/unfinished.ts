import { signal, type ReadonlySignal } from '@preact/signals';
import type { UndoResult, UnfinishedImport } from '../../utils/store';
import type { ImportLocks } from '../../utils/transfer/import-lock';

/**
 * What the import section says about imports that did not finish. A batch written in parts is
 * marked incomplete in the store until its last part; if the page that wrote it was closed (or
 * the browser stopped) between parts, it stays so, holding exactly the parts committed. Such a
 * batch is shown on the next visit with one action, its exact undo. A batch whose writer is
 * still at work in another window is shown as such, with nothing to press, until its writer
 * finishes (the batch leaves the list) or goes away (it becomes a stopped one).
 */
export type UnfinishedStatus =
  /** Left behind: nothing is writing it. */
  | 'stopped'
  /** Another page is writing it now. */
  | 'writing'
  | 'undoing'
  | 'undone'
  /** The undo failed; it can be tried again. */
  | 'failed';

export interface UnfinishedItem {
  batch: UnfinishedImport;
  status: UnfinishedStatus;
  /** What the undo did, once `undone`. */
  undone?: UndoResult;
  /** Why the undo failed, when `failed`. */
  error?: string;
}

export interface UnfinishedDeps {
  /** Calls `onChange` with the store's unfinished imports now and after every change. */
  watch(onChange: (batches: UnfinishedImport[]) => void): () => void;
  /** Null where the browser has no Web Locks: every unfinished batch then counts as stopped. */
  locks: ImportLocks | null;
  undo(batchId: string): Promise<UndoResult>;
  recompute(pupilIds: readonly string[]): Promise<void>;
}

export interface UnfinishedModel {
  items: ReadonlySignal<UnfinishedItem[]>;
  /** Undoes a stopped (or failed) import; does nothing for one in another state. */
  undo(batchId: string): Promise<void>;
  /** Starts watching the store; returns the stop. */
  start(): () => void;
}

export function createUnfinishedModel(deps: UnfinishedDeps): UnfinishedModel {
  const items = signal<UnfinishedItem[]>([]);
  /** Imports undone here: kept on show (the store no longer lists them) until the page closes. */
  const finished = new Map<string, UnfinishedItem>();
  /** What this page is doing to a batch, which outranks what the store and the locks say. */
  const acting = new Map<string, UnfinishedItem>();
  let latest: UnfinishedImport[] = [];
  let generation = 0;
  let stopped = true;
  let abort = new AbortController();
  const awaiting = new Set<string>();

  async function refresh(): Promise<void> {
    const mine = ++generation;
    const none = { here: new Set<string>(), elsewhere: new Set<string>() };
    const held = deps.locks ? await deps.locks.held().catch(() => none) : none;
    // A later change has already been read (or the section was closed): this answer is stale.
    if (mine !== generation || stopped) return;
    const next: UnfinishedItem[] = [];
    for (const batch of latest) {
      // This page's own import in progress shows its progress bar instead.
      if (finished.has(batch.batchId) || held.here.has(batch.batchId)) continue;
      const own = acting.get(batch.batchId);
      if (own) next.push({ ...own, batch });
      else if (held.elsewhere.has(batch.batchId)) {
        next.push({ batch, status: 'writing' });
        awaitRelease(batch.batchId);
      } else next.push({ batch, status: 'stopped' });
    }
    items.value = [...next, ...finished.values()];
  }

  /** A batch being written elsewhere: look again once its writer lets go. */
  function awaitRelease(batchId: string): void {
    if (!deps.locks || awaiting.has(batchId)) return;
    awaiting.add(batchId);
    void deps.locks
      .released(batchId, abort.signal)
      .catch(() => undefined)
      .then(() => {
        awaiting.delete(batchId);
        if (!stopped) void refresh();
      });
  }

  async function undo(batchId: string): Promise<void> {
    const item = items.value.find((i) => i.batch.batchId === batchId);
    if (!item || (item.status !== 'stopped' && item.status !== 'failed')) return;
    acting.set(batchId, { batch: item.batch, status: 'undoing' });
    await refresh();
    try {
      const run = () => deps.undo(batchId);
      const outcome = deps.locks
        ? await deps.locks.ifFree(batchId, run)
        : { ran: true as const, value: await run() };
      acting.delete(batchId);
      if (outcome.ran) {
        finished.set(batchId, { batch: item.batch, status: 'undone', undone: outcome.value });
        await deps.recompute(outcome.value.pupilIds).catch(() => undefined);
      }
    } catch (error) {
      acting.set(batchId, {
        batch: item.batch,
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
      });
    }
    await refresh();
  }

  return {
    items,
    undo,
    start() {
      stopped = false;
      abort = new AbortController();
      const unwatch = deps.watch((batches) => {
        latest = batches;
        void refresh();
      });
      return () => {
        stopped = true;
        unwatch();
        abort.abort();
      };
    },
  };
}
