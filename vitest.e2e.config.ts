import { defineConfig } from 'vitest/config';

// End-to-end tests drive Debian's Chromium with the built demo extension. One file at a time:
// each launches a browser, and this machine has two cores.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    globalSetup: ['tests/e2e/global-setup.ts'],
  },
});
