import { analyseFigures } from '../attendance/analyse';
import { createEngine } from '../attendance/engine';
import type { MarkRecord } from '../attendance/types';
import { parseImport } from '../transfer/shapes';
import { importRows, type CanonicalRow } from './marks';
import { packMarks, pupilYearRange } from './packed';
import { pupilMarks } from './queries';
import { recomputeAll } from './recompute';
import {
  DB_NAME,
  db,
  RegisterLensDB,
  useDatabase,
  type StoredMark,
  type TimelineRecord,
} from './schema';

/**
 * Benchmark and e2e hooks, installed on the worker's global scope by the demo build only (the
 * background guards the call with `import.meta.env.MODE === 'demo'`, so store builds drop this
 * module). They run our store code inside Chromium's IndexedDB, beside raw IndexedDB doing the
 * same work, so the two are measured in the same run: the packed records put raw into the same
 * object store (the floor of this shape), and version 3's one record per mark put raw into a
 * database of that shape (what the store cost before).
 */

export const BENCH_DB = 'register-lens-bench';
const AT = '2026-03-02T08:45:00.000Z';
const CODES = ['/', '/', '/', '/', '/', '/', '/', '/', 'L', 'N', 'I', 'M'];

function schoolDays(count: number): string[] {
  const days: string[] = [];
  const d = new Date(Date.UTC(2025, 8, 1));
  while (days.length < count) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return days;
}

/** A deterministic school year: `pupils` × `sessions` canonical rows. */
export function yearRows(pupils: number, sessions: number): CanonicalRow[] {
  const days = schoolDays(Math.ceil(sessions / 2));
  const rows: CanonicalRow[] = [];
  let line = 2;
  for (let p = 0; p < pupils; p++) {
    const pupilId = `P${String(p).padStart(5, '0')}`;
    for (let s = 0; s < sessions; s++) {
      rows.push({
        line: line++,
        pupilId,
        name: `Pupil ${p}`,
        group: `G${p % 50}`,
        date: days[s >> 1]!,
        session: s % 2 ? 'PM' : 'AM',
        mark: CODES[(p * 7 + s * 13) % CODES.length]!,
      });
    }
  }
  return rows;
}

/** The records the store would hold for these rows: what the raw baseline puts. */
const toRecords = (rows: readonly CanonicalRow[], batchId: string): StoredMark[] =>
  rows.map((r) => ({
    pupilId: `import:csv|${r.pupilId}`,
    date: r.date,
    session: r.session,
    mark: r.mark,
    raw: r.mark,
    source: 'import',
    observedAt: AT,
    url: null,
    batchId,
  }));

async function freshBenchDb(): Promise<RegisterLensDB> {
  db().close();
  await RegisterLensDB.delete(BENCH_DB);
  const store = useDatabase(BENCH_DB);
  await store.open();
  return store;
}

function openRaw(name = BENCH_DB, create?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = create ? indexedDB.open(name, 1) : indexedDB.open(name);
    if (create) request.onupgradeneeded = () => create(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

const deleteRaw = (name: string) =>
  new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });

/** Version 3's mark store, alone: one record per mark, keyed and indexed as it was. */
const PER_MARK_DB = 'register-lens-bench-per-mark';
async function freshPerMarkDb(): Promise<IDBDatabase> {
  await deleteRaw(PER_MARK_DB);
  return openRaw(PER_MARK_DB, (raw) =>
    raw
      .createObjectStore('marks', { keyPath: ['pupilId', 'date', 'session'] })
      .createIndex('date', 'date'),
  );
}

/** Raw IndexedDB: one readwrite transaction, one put per record, wait for the commit. */
async function rawPut(raw: IDBDatabase, table: string, records: readonly object[]): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const tx = raw.transaction(table, 'readwrite');
    const store = tx.objectStore(table);
    for (const record of records) store.put(record);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

async function rawIndexRead(raw: IDBDatabase, pupilId: string): Promise<number> {
  const rows = await new Promise<unknown[]>((resolve, reject) => {
    const [lower, upper] = pupilYearRange(pupilId);
    const request = raw
      .transaction('timelines', 'readonly')
      .objectStore('timelines')
      .getAll(IDBKeyRange.bound(lower, upper));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  // The same count the store's read gives: sessions, 11 characters each in `slots`.
  return (rows as TimelineRecord[]).reduce((n, r) => n + r.slots.length / 11, 0);
}

export interface BenchSamples {
  storeMs: number[];
  rawMs: number[];
  records: number;
}

export interface WriteSamples extends BenchSamples {
  /** Version 3's shape: one raw put per mark (fewer runs: it is the slow one). */
  perMarkMs: number[];
  /** Records the packed shape writes (one per pupil per academic year). */
  packedRecords: number;
}

/**
 * Alternates our import of a year with a raw put of the same year packed as the store packs it,
 * into the same freshly emptied object store, so both see the same database state and machine
 * load; then, for the first `perMarkRuns` runs, a raw put of the same marks one record each.
 */
export async function benchBulkWrite(
  pupils: number,
  sessions: number,
  runs: number,
  perMarkRuns = runs,
): Promise<WriteSamples> {
  const rows = yearRows(pupils, sessions);
  const packed = packMarks(toRecords(rows, 'raw'));
  const storeMs: number[] = [];
  const rawMs: number[] = [];
  const perMarkMs: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      await freshBenchDb();
      let t = performance.now();
      await importRows(rows, { batchLabel: 'bench', at: AT });
      storeMs.push(performance.now() - t);

      await freshBenchDb();
      db().close();
      const raw = await openRaw();
      t = performance.now();
      await rawPut(raw, 'timelines', packed);
      rawMs.push(performance.now() - t);
      raw.close();

      if (i < perMarkRuns) {
        // Made only for this put: 570,000 objects held through the other runs would only
        // measure the garbage collector.
        const records = toRecords(rows, 'raw');
        const perMark = await freshPerMarkDb();
        t = performance.now();
        await rawPut(perMark, 'marks', records);
        perMarkMs.push(performance.now() - t);
        perMark.close();
        await deleteRaw(PER_MARK_DB);
      }
    }
  } finally {
    db().close();
    useDatabase(DB_NAME);
  }
  return { storeMs, rawMs, perMarkMs, records: rows.length, packedRecords: packed.length };
}

/** Reads one pupil's year through the store, and through a raw key-range read. */
export async function benchHistory(
  pupils: number,
  sessions: number,
  runs: number,
): Promise<BenchSamples> {
  const storeMs: number[] = [];
  const rawMs: number[] = [];
  let records = 0;
  try {
    await freshBenchDb();
    await importRows(yearRows(pupils, sessions), { batchLabel: 'bench', at: AT });
    const pupilId = `import:csv|P${String(Math.floor(pupils / 2)).padStart(5, '0')}`;
    // Both sides read over an open connection: the store's is open after the import.
    const raw = await openRaw();
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      records = (await pupilMarks(pupilId)).length;
      storeMs.push(performance.now() - t);
      t = performance.now();
      const rawCount = await rawIndexRead(raw, pupilId);
      rawMs.push(performance.now() - t);
      if (rawCount !== records) throw new Error(`Store read ${records}, raw read ${rawCount}.`);
    }
    raw.close();
  } finally {
    db().close();
    await RegisterLensDB.delete(BENCH_DB);
    useDatabase(DB_NAME);
  }
  return { storeMs, rawMs, records };
}

/** The same rows as a marks CSV (CONTRACTS.md §1), as an officer would import them. */
function toCsv(rows: readonly CanonicalRow[]): string {
  const lines = ['pupil_id,name,group,date,session,mark'];
  for (const r of rows) {
    lines.push(`${r.pupilId},${r.name ?? ''},${r.group ?? ''},${r.date},${r.session},${r.mark}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface ImportSamples extends BenchSamples {
  bytes: number;
  parseMs: number[];
  writeMs: number[];
  recomputeMs: number[];
}

/**
 * A school year's CSV end to end, as the extension does it: parse and check with the import's
 * parser, store in one batch, then recompute the whole school from the store. Beside it, each
 * run, the packed raw put of the same year into the same freshly emptied object store.
 */
export async function benchImportYear(
  pupils: number,
  sessions: number,
  runs: number,
): Promise<ImportSamples> {
  const rows = yearRows(pupils, sessions);
  const csv = toCsv(rows);
  const packed = packMarks(toRecords(rows, 'raw'));
  const asOf = rows.reduce((last, r) => (r.date > last ? r.date : last), '');
  const storeMs: number[] = [];
  const rawMs: number[] = [];
  const parseMs: number[] = [];
  const writeMs: number[] = [];
  const recomputeMs: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      await freshBenchDb();
      const t0 = performance.now();
      const parsed = parseImport(csv, { shape: 'canonical' });
      const t1 = performance.now();
      // The wizard's rule (commitImport): a file with errors writes nothing.
      if (parsed.errors.length) throw new Error(`The CSV has ${parsed.errors.length} errors.`);
      await importRows(parsed.rows, { batchLabel: 'year.csv', at: AT, onlyValid: false });
      const t2 = performance.now();
      await recomputeAll({ analyse: analyseFigures, asOf, at: AT });
      const t3 = performance.now();
      if (parsed.rows.length !== rows.length) throw new Error('The CSV did not parse whole.');
      parseMs.push(t1 - t0);
      writeMs.push(t2 - t1);
      recomputeMs.push(t3 - t2);
      storeMs.push(t3 - t0);

      await freshBenchDb();
      db().close();
      const raw = await openRaw();
      const t = performance.now();
      await rawPut(raw, 'timelines', packed);
      rawMs.push(performance.now() - t);
      raw.close();
    }
  } finally {
    db().close();
    await RegisterLensDB.delete(BENCH_DB);
    useDatabase(DB_NAME);
  }
  return { storeMs, rawMs, parseMs, writeMs, recomputeMs, records: rows.length, bytes: csv.length };
}

export interface FromStoreSamples extends BenchSamples {
  /**
   * The store's own share of the work from memory: `analyseFigures` (what the store caches) on
   * the same marks, beside the engine's full recompute (`engine.setAll`, every view's series too).
   */
  figuresOnlyMs: number[];
}

/**
 * The whole school read from the store and recomputed (every figure and flag, cached), beside
 * the same recompute from marks already in memory, in the same worker on the same year.
 */
export async function benchRecomputeFromStore(
  pupils: number,
  sessions: number,
  runs: number,
): Promise<FromStoreSamples> {
  const rows = yearRows(pupils, sessions);
  const asOf = rows.reduce((last, r) => (r.date > last ? r.date : last), '');
  const byPupil = new Map<string, MarkRecord[]>();
  for (const r of rows) {
    const pupilId = `import:csv|${r.pupilId}`;
    let list = byPupil.get(pupilId);
    if (!list) byPupil.set(pupilId, (list = []));
    list.push({ pupilId, date: r.date, session: r.session, mark: r.mark });
  }
  const storeMs: number[] = [];
  const rawMs: number[] = [];
  const figuresOnlyMs: number[] = [];
  let records = 0;
  try {
    await freshBenchDb();
    await importRows(rows, { batchLabel: 'bench', at: AT });
    const engine = createEngine({ asOf });
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      records = await recomputeAll({ analyse: analyseFigures, asOf, at: AT });
      storeMs.push(performance.now() - t);
      t = performance.now();
      engine.setAll(byPupil);
      rawMs.push(performance.now() - t);
      t = performance.now();
      for (const marks of byPupil.values()) {
        analyseFigures(marks, { asOf, prior: { summaries: [] } });
      }
      figuresOnlyMs.push(performance.now() - t);
    }
    if (engine.all().size !== records) throw new Error('The two recomputes saw different pupils.');
  } finally {
    db().close();
    await RegisterLensDB.delete(BENCH_DB);
    useDatabase(DB_NAME);
  }
  return { storeMs, rawMs, records, figuresOnlyMs };
}

export interface TestHooks {
  benchBulkWrite: typeof benchBulkWrite;
  benchHistory: typeof benchHistory;
  benchImportYear: typeof benchImportYear;
  benchRecomputeFromStore: typeof benchRecomputeFromStore;
}

export function installTestHooks(scope: object): void {
  (scope as { registerLensTest?: TestHooks }).registerLensTest = {
    benchBulkWrite,
    benchHistory,
    benchImportYear,
    benchRecomputeFromStore,
  };
}
