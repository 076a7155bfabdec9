import '../utils/zod-jitless';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { provideTeach } from '../components/teach/lazy';
import { mountMeaningDialog, mountTeachPicker } from '../components/teach/mount';
import teachCss from '../components/teach/teach.css?inline';

// Injected by the worker into a register page's frame when the user opens teach mode or the
// "what does this mean?" list (components/teach/lazy.ts); never listed in the manifest.
export default defineUnlistedScript(() => {
  provideTeach({ mountTeachPicker, mountMeaningDialog, css: teachCss });
});
