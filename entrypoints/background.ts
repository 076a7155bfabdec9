import '../utils/zod-jitless';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { analyseFigures } from '../utils/attendance/analyse';
import { clockFor, DEMO_TODAY_KEY } from '../utils/demo-clock';
import { recomputeEverything, startBackground } from '../utils/messaging/background';
import { installTestHooks } from '../utils/store/bench-hook';

export default defineBackground(() => {
  // Store builds run on the real clock; only the demo build lets the demo school set the day.
  const demo = import.meta.env.MODE === 'demo';
  const deps = {
    analyse: analyseFigures,
    ...(demo ? { now: clockFor(import.meta.env.MODE, browser.storage.local) } : {}),
  };
  startBackground(deps);
  if (demo) {
    // A new demo day changes every figure ("as of" moved): recompute once it is set.
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && DEMO_TODAY_KEY in changes) {
        void recomputeEverything(deps, 'settings').catch((e) => console.error(e));
      }
    });
    // Benchmarks and e2e tests drive the store inside the browser; store builds leave this out.
    installTestHooks(globalThis);
  }
});
