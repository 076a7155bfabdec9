import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { loadDock, saveDock } from './dock-prefs';
import { mountTeachPicker } from '../teach/mount';
import { sendReading, sendToBackground } from '../../utils/messaging/runtime';
import { startLiveReader, type LiveReader } from '../../utils/registers/live';
import { readRegister } from '../../utils/registers/read';
import type { Reading } from '../../utils/registers/schema';
import type { TaughtLayout } from '../../utils/registers/teach';
import { createOverlay, type OverlayController } from './controller';
import overlayCss from './overlay.css?inline';
import { createOverlaySession } from './session';

/** The tag of our one shadow host; the demo launcher and the tests wait for it. */
export const OVERLAY_HOST = 'register-lens-overlay';

/**
 * The register content script: asks the worker whether this page is an enabled site, mounts one
 * shadow-root overlay, reads the register live and draws a badge per pupil. Where the reader
 * finds no register, the overlay offers teach mode; a taught layout is saved for the site and
 * read with at once. Everything is wrapped: whatever fails here, the MIS page carries on as if
 * we were not there.
 */
export async function runRegisterOverlay(ctx: ContentScriptContext): Promise<void> {
  const url = () => location.href;
  const hello = await sendToBackground({ type: 'content:hello', url: url() });
  if (!hello.ok || !hello.enabled || ctx.isInvalid) return;

  let layout: TaughtLayout | null = hello.layout;
  const dock = await loadDock(location.origin);
  let live: LiveReader | null = null;
  let overlay: OverlayController | null = null;
  let teachRoot: HTMLElement | null = null;
  let closeTeach: (() => void) | null = null;

  const stopTeaching = () => {
    closeTeach?.();
    closeTeach = null;
  };

  const teach = () => {
    if (closeTeach || !teachRoot) return;
    closeTeach = mountTeachPicker(teachRoot, {
      page: document,
      url: url(),
      mapping: hello.markMappings,
      host: ui.shadowHost,
      onCancel: stopTeaching,
      onSave(taught) {
        stopTeaching();
        overlay?.setStatus('waiting', 'Saving what you taught…');
        void sendToBackground({ type: 'content:save-layout', url: url(), layout: taught }).then(
          (reply) => {
            if (!reply.ok) {
              overlay?.setStatus('error', 'Register Lens could not save that layout.');
              return;
            }
            // Read with it now; the saved copy serves the next visit to this site and path.
            layout = taught;
            live?.readNow();
          },
        );
      },
    });
  };

  const ui = await createShadowRootUi(ctx, {
    name: OVERLAY_HOST,
    position: 'inline',
    anchor: 'body',
    append: 'last',
    // The stylesheet is bundled as text: no fetch of a CSS file, and no web-accessible resource
    // the MIS page could probe for.
    css: overlayCss,
    onMount(container, _shadow, host) {
      // The picker gets its own element beside the overlay's: Preact owns each one's children.
      teachRoot = document.createElement('div');
      teachRoot.className = 'rl-teach-root rl-root';
      container.after(teachRoot);
      overlay = createOverlay({
        container,
        document,
        host,
        enabled: hello.overlayEnabled,
        privacy: hello.privacyScreen,
        context: { minSessions: hello.thresholds.fewSessions, year: null },
        dock,
        onDockChange: (prefs) => void saveDock(location.origin, prefs),
        onTeach: teach,
        // The toggles are the school's display settings: saved, never a reason to recompute.
        onChange: (change) =>
          void sendToBackground({
            type: 'content:save-prefs',
            url: url(),
            ...(change.enabled === undefined ? {} : { overlayEnabled: change.enabled }),
            ...(change.privacy === undefined ? {} : { privacyScreen: change.privacy }),
          }),
      });
      return overlay;
    },
    onRemove(mounted) {
      stopTeaching();
      mounted?.destroy();
    },
  });
  ui.mount();
  const controller = overlay as OverlayController | null;
  if (!controller) return;

  const session = createOverlaySession({
    overlay: controller,
    thresholds: hello.thresholds,
    async send(reading: Reading, saved: boolean) {
      const reply = await sendReading({ reading, url: url(), saved });
      return reply.ok
        ? { ok: true, pupils: reply.pupils, year: reply.year ?? null }
        : { ok: false, error: reply.error };
    },
  });

  live = startLiveReader({
    document,
    url,
    ignore: ui.shadowHost,
    read: (root, href) =>
      readRegister(root, href, {
        mapping: hello.markMappings,
        ...(layout ? { siteMapping: layout } : {}),
      }),
    onReading: (result) => void session.reading(result.ok ? result.reading : null),
    onSaved: (reading) => void session.reading(reading, true),
    onError: () => controller.setStatus('error', 'Register Lens could not read this page.'),
  });
  ctx.onInvalidated(() => live?.stop());
}
