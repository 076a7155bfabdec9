import '../utils/zod-jitless';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { runRegisterOverlay } from '../components/overlay/content';
import { scriptContext } from '../components/overlay/script-context';

// The register content script. The worker registers it at run time (scripting
// registerContentScripts) for the demo origin and the sites the school enabled, so it is never
// in the manifest; an unlisted script rather than a WXT content script, whose context we replace
// with a smaller one (components/overlay/script-context.ts). The overlay brings its own
// stylesheet as text into its shadow root (components/overlay).
export default defineUnlistedScript(() => {
  runRegisterOverlay(scriptContext()).catch(() => {
    // Never into the page: without the worker, the register simply has no badges.
  });
});
