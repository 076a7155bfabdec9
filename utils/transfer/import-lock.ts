/**
 * Which import batches a page is writing at this moment. A batch written in parts stays marked
 * `incomplete` in the store between its parts, so the store alone cannot tell an import under way
 * in another window from one whose page was closed mid-write. The writer holds a Web Lock named
 * after its batch for as long as it writes; the browser releases it when that page closes or
 * crashes, so a batch marked incomplete whose lock nobody holds was left behind.
 */
export interface ImportLocks {
  /** Runs `write` while holding the batch's lock. */
  hold<T>(batchId: string, write: () => Promise<T>): Promise<T>;
  /**
   * The batches whose lock a page of the extension holds now: this page (`here`, whose own
   * progress is on show) or another (`elsewhere`).
   */
  held(): Promise<{ here: Set<string>; elsewhere: Set<string> }>;
  /** Resolves once no page holds the batch's lock (its writer finished or went away). */
  released(batchId: string, signal: AbortSignal): Promise<void>;
  /**
   * Runs `work` holding the batch's lock if no page holds it, and returns `{ ran: false }`
   * without running it otherwise (an undo never races the batch's own writer).
   */
  ifFree<T>(
    batchId: string,
    work: () => Promise<T>,
  ): Promise<{ ran: true; value: T } | { ran: false }>;
}

const PREFIX = 'register-lens-import:';
export const importLockName = (batchId: string) => `${PREFIX}${batchId}`;

/**
 * The browser's Web Locks (`navigator.locks`, shared by every page of the extension's origin), or
 * null where there are none (a test environment).
 */
export function webImportLocks(
  locks: LockManager | undefined = globalThis.navigator?.locks,
): ImportLocks | null {
  if (!locks) return null;
  const here = new Set<string>();
  return {
    // The lock is held until the promise `write` returns settles.
    hold: <T>(batchId: string, write: () => Promise<T>) =>
      locks.request(importLockName(batchId), async () => {
        here.add(batchId);
        try {
          return await write();
        } finally {
          here.delete(batchId);
        }
      }) as Promise<T>,
    async held() {
      const { held = [] } = await locks.query();
      const elsewhere = new Set<string>();
      for (const lock of held) {
        const id = lock.name?.startsWith(PREFIX) ? lock.name.slice(PREFIX.length) : null;
        if (id !== null && !here.has(id)) elsewhere.add(id);
      }
      return { here: new Set(here), elsewhere };
    },
    async released(batchId, signal) {
      try {
        // Granted only once the writer lets go; released again at once.
        await locks.request(importLockName(batchId), { mode: 'shared', signal }, () => undefined);
      } catch (error) {
        if (!signal.aborted) throw error;
      }
    },
    async ifFree(batchId, work) {
      return locks.request(importLockName(batchId), { ifAvailable: true }, async (lock) =>
        lock ? { ran: true as const, value: await work() } : { ran: false as const },
      );
    },
  };
}
