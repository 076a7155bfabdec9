import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TransferApi } from '../../components/transfer/api';
import { storeTransferApi } from '../../components/transfer/api';
import { ImportWizard } from '../../components/transfer/ImportWizard';
import { createUnfinishedModel, type UnfinishedDeps } from '../../components/transfer/unfinished';
import { UnfinishedImports, unfinishedSentence } from '../../components/transfer/UnfinishedImports';
import {
  db,
  importRows,
  pupilMarks,
  unfinishedImports,
  type CanonicalRow,
  type UndoResult,
  type UnfinishedImport,
} from '../../utils/store';
import { commitImport } from '../../utils/transfer/import-client';
import type { ImportLocks } from '../../utils/transfer/import-lock';
import { AT, freshStore } from '../store/helpers';
import { mounter, settle } from './render';

/**
 * Web Locks as one page sees them, kept in memory: Node and happy-dom have none (the real ones
 * are exercised in Chromium by tests/e2e/transfer.e2e.ts). `elsewhere` is another page.
 */
function memoryLocks() {
  const here = new Set<string>();
  const elsewhere = new Set<string>();
  const waiting = new Map<string, (() => void)[]>();
  const locks: ImportLocks = {
    async hold(batchId, write) {
      here.add(batchId);
      try {
        return await write();
      } finally {
        here.delete(batchId);
      }
    },
    async held() {
      return { here: new Set(here), elsewhere: new Set(elsewhere) };
    },
    released(batchId, signal) {
      if (!elsewhere.has(batchId)) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiting.set(batchId, [...(waiting.get(batchId) ?? []), resolve]);
        signal.addEventListener('abort', () => resolve());
      });
    },
    async ifFree(batchId, work) {
      if (here.has(batchId) || elsewhere.has(batchId)) return { ran: false };
      return { ran: true, value: await work() };
    },
  };
  return {
    locks,
    here,
    takeElsewhere: (batchId: string) => void elsewhere.add(batchId),
    releaseElsewhere(batchId: string) {
      elsewhere.delete(batchId);
      for (const resolve of waiting.get(batchId) ?? []) resolve();
      waiting.delete(batchId);
    },
  };
}

/** A store's list of unfinished imports, changed by hand. */
function watchable(initial: UnfinishedImport[]) {
  let listener: ((batches: UnfinishedImport[]) => void) | null = null;
  let current = initial;
  return {
    watch(onChange: (batches: UnfinishedImport[]) => void) {
      listener = onChange;
      onChange(current);
      return () => void (listener = null);
    },
    set(batches: UnfinishedImport[]) {
      current = batches;
      listener?.(batches);
    },
  };
}

const batch = (id: string, overrides: Partial<UnfinishedImport> = {}): UnfinishedImport => ({
  batchId: id,
  label: 'autumn.csv',
  siteId: 'import:csv',
  at: '2026-12-07T03:40:00.000Z',
  rows: 200_000,
  pupils: 800,
  ...overrides,
});

const undoneResult: UndoResult = {
  removed: 200_000,
  restored: 3,
  keptNewer: 0,
  pupilIds: ['import:csv|S1'],
};

function model(
  store: ReturnType<typeof watchable>,
  overrides: Partial<UnfinishedDeps> = {},
  locks = memoryLocks(),
) {
  const undone: string[] = [];
  const recomputed: string[][] = [];
  const m = createUnfinishedModel({
    watch: store.watch,
    locks: locks.locks,
    undo: async (batchId) => {
      undone.push(batchId);
      return undoneResult;
    },
    recompute: async (ids) => void recomputed.push([...ids]),
    ...overrides,
  });
  return { m, undone, recomputed, locks };
}

const statuses = (m: ReturnType<typeof createUnfinishedModel>) =>
  m.items.value.map((i) => `${i.batch.batchId}:${i.status}`);

describe('the unfinished imports’ state', () => {
  it('should list an import nobody is writing as stopped, with its sentence', async () => {
    const store = watchable([batch('b1')]);
    const { m } = model(store);

    m.start();
    await settle();

    expect(statuses(m)).toEqual(['b1:stopped']);
    expect(unfinishedSentence(m.items.value[0]!)).toMatch(
      /^The import of autumn\.csv, started 7 December 2026 at \d\d:\d\d, stopped part way: the page or the browser closed before it finished\. 200,000 rows of it were saved, changing marks for 800 pupils, and the rest of the file is missing\. Undo it/,
    );
  });

  it('should list nothing when every import finished', async () => {
    const { m } = model(watchable([]));

    m.start();
    await settle();

    expect(m.items.value).toEqual([]);
  });

  it('should show an import another page is writing as still saving, then as stopped once that page lets go', async () => {
    const store = watchable([batch('b1')]);
    const locks = memoryLocks();
    locks.takeElsewhere('b1');
    const { m } = model(store, {}, locks);
    m.start();
    await settle();
    expect(statuses(m)).toEqual(['b1:writing']);

    locks.releaseElsewhere('b1');
    await settle();

    expect(statuses(m)).toEqual(['b1:stopped']);
  });

  it('should leave out the import this page is writing itself', async () => {
    const locks = memoryLocks();
    locks.here.add('b1');
    const { m } = model(watchable([batch('b1'), batch('b2')]), {}, locks);

    m.start();
    await settle();

    expect(statuses(m)).toEqual(['b2:stopped']);
  });

  it('should undo a stopped import, recompute its pupils and keep saying it was undone once the store stops listing it', async () => {
    const store = watchable([batch('b1')]);
    const { m, undone, recomputed } = model(store);
    m.start();
    await settle();

    await act(() => m.undo('b1'));
    store.set([]);
    await settle();

    expect(undone).toEqual(['b1']);
    expect(recomputed).toEqual([['import:csv|S1']]);
    expect(statuses(m)).toEqual(['b1:undone']);
    expect(unfinishedSentence(m.items.value[0]!)).toBe(
      'The unfinished import of autumn.csv was undone: 200,000 marks removed, 3 earlier marks put back. If you still have the file, import it again.',
    );
  });

  it('should not undo an import whose writer came back, and say it is being saved', async () => {
    const store = watchable([batch('b1')]);
    const locks = memoryLocks();
    const { m, undone } = model(store, {}, locks);
    m.start();
    await settle();
    locks.takeElsewhere('b1');

    await act(() => m.undo('b1'));
    await settle();

    expect(undone).toEqual([]);
    expect(statuses(m)).toEqual(['b1:writing']);
  });

  it('should not undo an import while another page is writing it', async () => {
    const locks = memoryLocks();
    locks.takeElsewhere('b1');
    const { m, undone } = model(watchable([batch('b1')]), {}, locks);
    m.start();
    await settle();

    await act(() => m.undo('b1'));

    expect(undone).toEqual([]);
  });

  it('should say why an undo failed and let it be tried again', async () => {
    let fail = true;
    const store = watchable([batch('b1')]);
    const { m } = model(store, {
      undo: async () => {
        if (fail) throw new Error('The disk is full.');
        return undoneResult;
      },
    });
    m.start();
    await settle();

    await act(() => m.undo('b1'));
    expect(m.items.value.map((i) => [i.status, i.error])).toEqual([
      ['failed', 'The disk is full.'],
    ]);
    fail = false;
    await act(() => m.undo('b1'));

    expect(statuses(m)).toEqual(['b1:undone']);
  });

  it('should count every batch as stopped where the browser has no Web Locks', async () => {
    const { m } = model(watchable([batch('b1')]), { locks: null });

    m.start();
    await settle();

    expect(statuses(m)).toEqual(['b1:stopped']);
  });
});

describe('writing an import under its lock', () => {
  it('should hold the batch’s lock for the whole write, every part inside it', async () => {
    const locks = memoryLocks();
    const heldDuring: boolean[] = [];
    const rows = (id: string): CanonicalRow[] => [
      { line: 2, pupilId: id, date: '2025-09-01', session: 'AM', mark: '/' },
    ];

    const result = await commitImport(
      { errors: [], rowCount: 2, partCount: 2, part: async (i) => rows(`S${i}`) },
      {
        batchLabel: 'x.csv',
        at: AT,
        onlyValid: false,
        locks: locks.locks,
        importRows: async (_rows, options) => {
          heldDuring.push(locks.here.has(options.batchId!));
          return { batchId: options.batchId!, added: 1, corrected: 0, unchanged: 0, pupilIds: [] };
        },
        undoImport: async () => undefined,
      },
    );

    expect(heldDuring).toEqual([true, true]);
    expect(locks.here.has(result.batchId)).toBe(false);
  });
});

describe('unfinished imports in the real store', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    freshStore();
  });

  const row = (line: number, pupilId: string, date: string, m: string): CanonicalRow => ({
    line,
    pupilId,
    date,
    session: 'AM',
    mark: m,
  });
  const parts = [
    [row(2, 'A1', '2026-01-05', 'I'), row(3, 'A1', '2026-01-06', '/')],
    [row(4, 'B2', '2026-01-05', 'N')],
    [row(5, 'C3', '2026-01-05', '/')],
  ];
  /** Writes the first `count` parts of a three-part import, as a page closed after them would. */
  async function stopAfter(count: number, batchId: string, label = 'term.csv') {
    for (let i = 0; i < count; i++) {
      await importRows(parts[i]!, {
        batchLabel: label,
        at: AT,
        batchId,
        part: { first: i === 0, last: i === parts.length - 1 },
      });
    }
  }

  it('should list an import stopped between parts with the rows and pupils it saved, and no finished or undone one', async () => {
    await importRows([row(2, 'Z9', '2026-01-05', '/')], { batchLabel: 'whole.csv', at: AT });
    await stopAfter(2, 'stopped');
    await stopAfter(2, 'undone');
    await storeTransferApi.undoImport('undone', AT);

    const list = await unfinishedImports();

    expect(list).toEqual([
      { batchId: 'stopped', label: 'term.csv', siteId: 'import:csv', at: AT, rows: 3, pupils: 2 },
    ]);
  });

  it('should undo a stopped import from the store’s own list exactly, leaving what was there before', async () => {
    await importRows([row(2, 'B2', '2026-01-05', 'M')], { batchLabel: 'earlier', at: AT });
    const before = await pupilMarks('import:csv|B2');
    await stopAfter(2, 'stopped');
    const m = createUnfinishedModel({
      watch: storeTransferApi.watchUnfinishedImports!,
      locks: null,
      undo: (id) => storeTransferApi.undoImport(id, AT),
      recompute: async () => undefined,
    });
    const stop = m.start();
    for (let i = 0; i < 50 && m.items.value.length === 0; i++) await settle(1);
    expect(statuses(m)).toEqual(['stopped:stopped']);

    await m.undo('stopped');
    for (let i = 0; i < 50 && (await unfinishedImports()).length > 0; i++) await settle(1);
    stop();

    expect(statuses(m)).toEqual(['stopped:undone']);
    expect(m.items.value[0]!.undone).toMatchObject({ removed: 2, restored: 1, keptNewer: 0 });
    expect(await pupilMarks('import:csv|A1')).toEqual([]);
    expect(await db().pupils.get('import:csv|A1')).toBeUndefined();
    expect(await pupilMarks('import:csv|B2')).toEqual(before);
    expect(await unfinishedImports()).toEqual([]);
  });
});

describe('the unfinished imports on screen', () => {
  const mountNow = mounter();
  async function mount(node: preact.ComponentChild): Promise<HTMLElement> {
    const el = await mountNow(node);
    await settle(6);
    return el;
  }
  const buttonNamed = (root: HTMLElement, text: RegExp) =>
    [...root.querySelectorAll('button')].find((b) => text.test(b.textContent ?? ''));

  it('should show nothing when no import was left unfinished', async () => {
    const { m } = model(watchable([]));
    m.start();

    const root = await mount(<UnfinishedImports model={m} onImportAgain={() => {}} />);

    expect(root.innerHTML).toBe('');
  });

  it('should say in words that an import did not finish, and offer its undo by name', async () => {
    const { m } = model(watchable([batch('b1')]));
    m.start();

    const root = await mount(<UnfinishedImports model={m} onImportAgain={() => {}} />);

    const group = root.querySelector('[role="group"]')!;
    const heading = root.querySelector(`#${group.getAttribute('aria-labelledby')}`);
    expect(heading?.textContent).toBe('An import did not finish');
    expect(root.querySelector('strong')?.textContent).toBe('Not finished: ');
    expect(buttonNamed(root, /^Undo the unfinished import of autumn\.csv$/)).toBeDefined();
  });

  it('should offer nothing to press for an import still being saved elsewhere', async () => {
    const locks = memoryLocks();
    locks.takeElsewhere('b1');
    const { m } = model(watchable([batch('b1')]), {}, locks);
    m.start();

    const root = await mount(<UnfinishedImports model={m} onImportAgain={() => {}} />);

    expect(root.querySelector('strong')?.textContent).toBe('Still saving: ');
    expect(root.querySelectorAll('button')).toHaveLength(0);
  });

  it('should undo on press, announce it, and move focus to importing the file again', async () => {
    const store = watchable([batch('b1')]);
    const { m, undone } = model(store);
    m.start();
    const again: string[] = [];
    const root = await mount(<UnfinishedImports model={m} onImportAgain={(l) => again.push(l)} />);

    await act(() => buttonNamed(root, /^Undo the unfinished/)!.click());
    store.set([]);
    await settle();

    expect(undone).toEqual(['b1']);
    expect(root.querySelector('[role="status"]')?.textContent).toContain(
      'The unfinished import of autumn.csv was undone',
    );
    const importAgain = buttonNamed(root, /^Import autumn\.csv again$/)!;
    expect(document.activeElement).toBe(importAgain);
    await act(() => importAgain.click());
    expect(again).toEqual(['autumn.csv']);
  });

  it('should take the wizard back to its file input, focused and naming the file, to import it again', async () => {
    const store = watchable([batch('b1')]);
    const api = {
      sites: async () => [{ id: 'import:csv', label: 'Keep as a separate imported set' }],
      watchUnfinishedImports: store.watch,
      importLocks: null,
      undoImport: async () => undoneResult,
      recompute: async () => {},
      now: () => AT,
    } as unknown as TransferApi;
    const root = await mount(<ImportWizard api={api} createWorker={null} />);

    await act(() => buttonNamed(root, /^Undo the unfinished/)!.click());
    store.set([]);
    await settle();
    await act(() => buttonNamed(root, /^Import autumn\.csv again$/)!.click());
    await settle();

    const input = root.querySelector<HTMLInputElement>('#rl-import-file')!;
    expect(document.activeElement).toBe(input);
    expect(root.querySelector(`#${input.getAttribute('aria-describedby')}`)?.textContent).toBe(
      'Choose autumn.csv again to import it whole.',
    );
  });
});
