/**
 * Long work in small tasks. A browser runs a page's script, its timers, its messages and its
 * IndexedDB callbacks on one thread, one task at a time: a task that runs long freezes everything
 * else in that context, and Firefox stops an extension's background script that runs too long
 * ("Script terminated by timeout"). Work over a whole school is therefore done in slices that
 * give the event loop back between them. Pure: the clock and the yield are injectable.
 */

/** The most one slice of background work should run before it yields (well under 200 ms). */
export const SLICE_BUDGET_MS = 40;

type SchedulerLike = { yield?: () => Promise<void> };

/**
 * Gives the event loop back with a new task: `scheduler.yield()` where the browser has it, else a
 * zero-delay timer (never a microtask, which would not let other tasks in).
 */
export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: SchedulerLike }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export interface SliceOptions {
  budgetMs?: number;
  now?: () => number;
  yieldNow?: () => Promise<void>;
}

/**
 * A running slice: call `due()` between units of work and `await pause()` when it says so (or use
 * `maybeYield()`), so no slice runs much past the budget.
 */
export function createSlicer(options: SliceOptions = {}) {
  const budget = options.budgetMs ?? SLICE_BUDGET_MS;
  const now = options.now ?? (() => performance.now());
  const yieldNow = options.yieldNow ?? yieldToEventLoop;
  let started = now();
  const pause = async () => {
    await yieldNow();
    started = now();
  };
  return {
    due: () => now() - started >= budget,
    pause,
    async maybeYield(): Promise<void> {
      if (now() - started >= budget) await pause();
    },
  };
}

/**
 * `items.map(fn)` in slices of at most about `budgetMs` each, yielding between them. One item
 * is never split, so `fn` itself must stay small (one pupil, one row).
 */
export async function mapInSlices<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => R,
  options: SliceOptions = {},
): Promise<R[]> {
  const slicer = createSlicer(options);
  const out: R[] = new Array<R>(items.length);
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && slicer.due()) await slicer.pause();
    out[i] = fn(items[i]!, i);
  }
  return out;
}
