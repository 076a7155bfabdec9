import '../utils/zod-jitless';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { provideOverlay } from '../components/overlay/lazy';
import { mountOverlay } from '../components/overlay/mount';
import noticeCss from '../components/overlay/notice.css?inline';
import overlayCss from '../components/overlay/overlay.css?inline';

// Injected by the worker into an enabled MIS page's frame once the content script has read the
// page (components/overlay/lazy.ts); never listed in the manifest, never web-accessible.
export default defineUnlistedScript(() => {
  provideOverlay({ mountOverlay: (start) => mountOverlay(start, overlayCss + noticeCss) });
});
