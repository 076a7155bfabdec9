import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { signal } from '@preact/signals';
import { loadDock, saveDock } from './dock-prefs';
import { mountMeaningDialog, mountTeachPicker } from '../teach/mount';
import teachCss from '../teach/teach.css?inline';
import { sendReading, sendToBackground } from '../../utils/messaging/runtime';
import { startLiveReader, type LiveReader } from '../../utils/registers/live';
import type { MarkMapping, MarkMappingEntry } from '../../utils/registers/mapping';
import {
  labelsToAsk,
  marksNeedingMapping,
  pageKey,
  type AskedLabel,
} from '../../utils/registers/meaning';
import { readRegister } from '../../utils/registers/read';
import type { Reading } from '../../utils/registers/schema';
import type { TaughtLayout } from '../../utils/registers/teach';
import { createOverlay, type OverlayController } from './controller';
import { mountMappingNotice } from './MappingNotice';
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
  // The site's labels first, then the school's; answers given on this page replace it.
  let mapping: MarkMapping = hello.markMappings;
  const dock = await loadDock(location.origin);
  let live: LiveReader | null = null;
  let overlay: OverlayController | null = null;
  let teachRoot: HTMLElement | null = null;
  let closeTeach: (() => void) | null = null;
  // The "N marks need a mapping" notice: what the latest reading could not map.
  const asked = signal<readonly AskedLabel[]>([]);
  const needing = signal(0);
  const needingLabels = signal<readonly string[]>([]);

  // The notice steps aside while teach mode or the list is open: they sit in the same corner.
  const dialogOpen = signal(false);
  let closeNotice: (() => void) | null = null;
  const stopTeaching = () => {
    closeTeach?.();
    closeTeach = null;
    dialogOpen.value = false;
  };

  const saveMarks = async (entries: MarkMappingEntry[]): Promise<boolean> => {
    if (entries.length === 0) return true;
    const reply = await sendToBackground({
      type: 'content:save-mark-mapping',
      url: url(),
      entries,
    });
    if (!reply.ok) return false;
    mapping = reply.markMappings;
    return true;
  };

  const teach = () => {
    if (!teachRoot) return;
    stopTeaching();
    dialogOpen.value = true;
    closeTeach = mountTeachPicker(teachRoot, {
      page: document,
      url: url(),
      mapping,
      host: ui.shadowHost,
      onCancel: stopTeaching,
      onSave(taught, entries) {
        stopTeaching();
        overlay?.setStatus('waiting', 'Saving what you taught…');
        // One after the other: both rewrite the site's one mapping record, and two writes read
        // at once would each keep only their own half (the layout or the answers).
        void sendToBackground({ type: 'content:save-layout', url: url(), layout: taught })
          .then(async (reply) => [reply, await saveMarks(entries)] as const)
          .then(([reply, marksSaved]) => {
            if (!reply.ok || !marksSaved) {
              overlay?.setStatus('error', 'Register Lens could not save what you taught.');
              return;
            }
            // Read with it now; the saved copy serves the next visit to this site and path.
            layout = taught;
            live?.readNow();
          });
      },
    });
  };

  const explain = () => {
    if (!teachRoot || asked.value.length === 0) return;
    stopTeaching();
    dialogOpen.value = true;
    closeTeach = mountMeaningDialog(teachRoot, {
      labels: asked.value,
      onCancel: stopTeaching,
      onSave(entries) {
        stopTeaching();
        void saveMarks(entries).then((saved) => {
          if (!saved) overlay?.setStatus('error', 'Register Lens could not save those mappings.');
          else live?.readNow();
        });
      },
    });
  };

  // The page's key is read again only when the reading's letters change (it walks the page).
  let keyFor = '';
  let key = new Map<string, string>();
  const noteUnmapped = (reading: Reading | null) => {
    if (!reading) {
      asked.value = [];
      needing.value = 0;
      needingLabels.value = [];
      return;
    }
    const letters = [
      ...new Set(
        reading.pupils.flatMap((p) => p.marks.map((m) => m.raw)).filter((r) => r.length <= 2),
      ),
    ].join('|');
    if (letters !== keyFor) {
      keyFor = letters;
      key = letters ? pageKey(document) : new Map();
    }
    const next = labelsToAsk(reading, { mapping, key });
    asked.value = next;
    needing.value = marksNeedingMapping(next);
    needingLabels.value = next.map((a) => a.raw);
  };

  const ui = await createShadowRootUi(ctx, {
    name: OVERLAY_HOST,
    position: 'inline',
    anchor: 'body',
    append: 'last',
    // The stylesheet is bundled as text: no fetch of a CSS file, and no web-accessible resource
    // the MIS page could probe for.
    css: overlayCss + teachCss,
    onMount(container, _shadow, host) {
      // The picker gets its own element beside the overlay's: Preact owns each one's children.
      teachRoot = document.createElement('div');
      teachRoot.className = 'rl-teach-root rl-root';
      container.after(teachRoot);
      const noticeRoot = document.createElement('div');
      noticeRoot.className = 'rl-notice-root rl-root';
      teachRoot.after(noticeRoot);
      closeNotice = mountMappingNotice(noticeRoot, {
        hidden: dialogOpen,
        count: needing,
        labels: needingLabels,
        onOpen: explain,
        onTeach: teach,
      });
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
      closeNotice?.();
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
        mapping,
        ...(layout ? { siteMapping: layout } : {}),
      }),
    onReading: (result) => {
      noteUnmapped(result.ok ? result.reading : null);
      void session.reading(result.ok ? result.reading : null);
    },
    onSaved: (reading) => {
      noteUnmapped(reading);
      void session.reading(reading, true);
    },
    onError: () => controller.setStatus('error', 'Register Lens could not read this page.'),
  });
  ctx.onInvalidated(() => live?.stop());
}
