import { importRows, type CanonicalRow } from './marks';
import { pupilMarks } from './queries';
import {
  DB_NAME,
  db,
  pupilMarkRange,
  RegisterLensDB,
  useDatabase,
  type StoredMark,
} from './schema';

/**
 * Benchmark and e2e hooks, installed on the worker's global scope by the demo build only (the
 * background guards the call with `import.meta.env.MODE === 'demo'`, so store builds drop this
 * module). They run our store code inside Chromium's IndexedDB, beside raw IndexedDB doing the
 * same work on the same object store, so the two are measured in the same run.
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

function openRaw(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(BENCH_DB);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Raw IndexedDB: one readwrite transaction, one put per record, wait for the commit. */
async function rawPut(raw: IDBDatabase, records: readonly StoredMark[]): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const tx = raw.transaction('marks', 'readwrite');
    const marks = tx.objectStore('marks');
    for (const record of records) marks.put(record);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

async function rawIndexRead(raw: IDBDatabase, pupilId: string): Promise<number> {
  const rows = await new Promise<unknown[]>((resolve, reject) => {
    const [lower, upper] = pupilMarkRange(pupilId);
    const request = raw
      .transaction('marks', 'readonly')
      .objectStore('marks')
      .getAll(IDBKeyRange.bound(lower, upper));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return rows.length;
}

export interface BenchSamples {
  storeMs: number[];
  rawMs: number[];
  records: number;
}

/**
 * Alternates our import of a year with a raw put of the same records into the same, freshly
 * emptied object store, so both see the same database state and machine load.
 */
export async function benchBulkWrite(
  pupils: number,
  sessions: number,
  runs: number,
): Promise<BenchSamples> {
  const rows = yearRows(pupils, sessions);
  const records = toRecords(rows, 'raw');
  const storeMs: number[] = [];
  const rawMs: number[] = [];
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
      await rawPut(raw, records);
      rawMs.push(performance.now() - t);
      raw.close();
    }
  } finally {
    db().close();
    useDatabase(DB_NAME);
  }
  return { storeMs, rawMs, records: records.length };
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

export interface TestHooks {
  benchBulkWrite: typeof benchBulkWrite;
  benchHistory: typeof benchHistory;
}

export function installTestHooks(scope: object): void {
  (scope as { registerLensTest?: TestHooks }).registerLensTest = { benchBulkWrite, benchHistory };
}
