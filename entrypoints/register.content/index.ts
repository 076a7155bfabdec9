import '../../utils/zod-jitless';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { runRegisterOverlay } from '../../components/overlay/content';

export default defineContentScript({
  // Registered at run time by the background for the demo origin and the sites the school
  // enabled. No matches here: WXT would turn them into host permissions in every build.
  matches: [],
  registration: 'runtime',
  // The overlay brings its own stylesheet as text into its shadow root (components/overlay).
  cssInjectionMode: 'manual',
  main(ctx) {
    runRegisterOverlay(ctx).catch(() => {
      // Never into the page: without the worker, the register simply has no badges.
    });
  },
});
