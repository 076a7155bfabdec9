import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../utils/registers/adapters';
import { FIXTURES } from './helpers';

/** Every adapter must be proven on real pages: adapter id → its fixture folders. */
const ADAPTER_FIXTURES: Record<string, string[]> = {
  gibbon: [
    'gibbon-register-taken',
    'gibbon-register-not-taken',
    'gibbon-student-history',
    'gibbon-summary-not-a-register',
    '../registers-gibbon-v21/gibbon21-class-not-taken',
    '../registers-gibbon-v21/gibbon21-class-taken',
    '../registers-gibbon-v21/gibbon21-person-taken',
  ],
};

describe('the adapter registry', () => {
  it.each(ADAPTERS.map((a) => a.id))('should have fixture pages for the %s adapter', (id) => {
    const folders = ADAPTER_FIXTURES[id] ?? [];
    expect(folders.length).toBeGreaterThan(0);
    for (const f of folders) expect(existsSync(join(FIXTURES, f, 'page.html')), f).toBe(true);
  });

  it.each(ADAPTERS.map((a) => a.id))(
    'should keep the %s adapter in a file named by its id',
    (id) => {
      expect(
        existsSync(resolve(import.meta.dirname, `../../utils/registers/adapters/${id}.ts`)),
      ).toBe(true);
    },
  );

  it('should list each adapter id once', () => {
    const ids = ADAPTERS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
