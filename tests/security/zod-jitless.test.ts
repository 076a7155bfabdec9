// @vitest-environment node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Every extension context runs under a CSP without 'unsafe-eval'; Zod must never try
// `new Function` there (Firefox reports each blocked try). See utils/zod-jitless.ts.

const ROOT = join(import.meta.dirname, '../..');

const ENTRY_POINTS = [
  'entrypoints/background.ts',
  'entrypoints/register.ts',
  'entrypoints/register-teach.ts',
  'entrypoints/register-overlay.ts',
  'entrypoints/sidepanel/main.tsx',
  'entrypoints/options/main.tsx',
  'utils/transfer/import.worker.ts',
];

/** The first module an entry point imports for its code (stylesheets have none). */
function firstScriptImport(file: string): string | undefined {
  const source = readFileSync(join(ROOT, file), 'utf8');
  return [...source.matchAll(/^import\s+(?:[^'"]*?from\s+)?['"]([^'"]+)['"]/gm)]
    .map((m) => m[1]!)
    .find((path) => !path.endsWith('.css'));
}

describe('Zod without run-time code generation', () => {
  it.each(ENTRY_POINTS)('should configure Zod first thing in %s', (file) => {
    expect(firstScriptImport(file)).toMatch(/\/zod-jitless$/);
  });

  describe('with the Function constructor watched', () => {
    const RealFunction = globalThis.Function;
    let constructed = 0;

    const watch = () => {
      constructed = 0;
      globalThis.Function = new Proxy(RealFunction, {
        construct(target, args) {
          constructed++;
          return Reflect.construct(target, args);
        },
        apply(target, self, args) {
          constructed++;
          return Reflect.apply(target, self, args);
        },
      });
    };
    afterEach(() => {
      globalThis.Function = RealFunction;
    });

    it('should build and parse the message protocol without making a function from text', async () => {
      vi.resetModules();
      watch();
      await import('../../utils/zod-jitless');
      const { requestSchema } = await import('../../utils/messaging/protocol');

      const parsed = requestSchema.safeParse({ type: 'panel:open-register', tabId: 4 });

      expect(parsed.success).toBe(true);
      expect(constructed).toBe(0);
    });

    it('should see Zod make one when it is not jitless (the watch can fail)', async () => {
      const { z } = await import('zod');
      watch();
      z.config({ jitless: false });
      try {
        z.object({ a: z.string() }).parse({ a: 'x' });
      } finally {
        z.config({ jitless: true });
      }
      expect(constructed).toBeGreaterThan(0);
    });
  });
});
