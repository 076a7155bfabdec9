import type { Reading, ReadMark } from '../../utils/registers/schema';
import { useDatabase } from '../../utils/store';

let n = 0;
/** A fresh, empty store for each test (fake-indexeddb keeps databases for the whole file). */
export function freshStore(): void {
  n += 1;
  useDatabase(`register-lens-test-${process.pid}-${n}-${Math.random().toString(36).slice(2)}`);
}

export const URL_A = 'https://mis.school.example/attendance/register?group=7B';
export const SITE_A = 'https://mis.school.example';
export const AT = '2026-03-02T08:45:00.000Z';

export const mark = (
  date: string,
  code: string | null,
  overrides: Partial<ReadMark> = {},
): ReadMark => ({
  date,
  session: 'AM',
  raw: code ?? '',
  code,
  editable: false,
  ...overrides,
});

export function reading(
  pupils: Array<{ key: string; name?: string; marks: ReadMark[] }>,
  overrides: Partial<Reading> = {},
): Reading {
  return {
    adapter: 'test',
    group: '7B',
    date: '2026-03-02',
    session: 'AM',
    taken: true,
    pupils: pupils.map((p) => ({ key: p.key, name: p.name ?? `Pupil ${p.key}`, marks: p.marks })),
    warnings: [],
    ...overrides,
  };
}
