import { defineConfig } from 'vitest/config';

// The Firefox smoke suite: Debian's Firefox ESR with the Firefox demo build as a temporary add-on,
// driven over WebDriver BiDi. One file, one browser launch.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/firefox/**/*.firefox.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    globalSetup: ['tests/firefox/global-setup.ts'],
  },
});
