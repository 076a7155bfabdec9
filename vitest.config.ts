import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// WxtVitest does not apply wxt.config.ts's vite plugins, and leaves the browser flags wrong
// under Vitest; both are set here.
export default defineConfig({
  plugins: [
    WxtVitest(),
    preact(),
    {
      name: 'register-lens:browser-flags',
      transform(code) {
        if (!code.includes('import.meta.env.CHROME') && !code.includes('import.meta.env.FIREFOX'))
          return null;
        return code
          .replaceAll('import.meta.env.CHROME', 'true')
          .replaceAll('import.meta.env.FIREFOX', 'false');
      },
    },
  ],
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    setupFiles: ['tests/setup.ts'],
    pool: 'threads',
    maxWorkers: 2,
    // Unit tests assert results, not speed (speed is `npm run bench`'s, against baselines): a
    // test loading a saved page can pass 5 s on a busy 2-core machine without anything wrong.
    testTimeout: 20_000,
  },
});
