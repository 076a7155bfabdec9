import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { signal } from '@preact/signals';
import { loadDock, saveDock } from './dock-prefs';
import { teachLoader, type TeachModule } from '../teach/lazy';
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
import noticeCss from './notice.css?inline';
import overlayCss from './overlay.css?inline';
import { createOverlaySession } from './session';
import { mountShadowHost } from './shadow-host';

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
  // Each opening gets a number: one the user cancelled, or replaced by another while teach mode
  // was still loading, never mounts.
  let opening = 0;
  const stopTeaching = () => {
    opening++;
    closeTeach?.();
    closeTeach = null;
    dialogOpen.value = false;
  };

  // Teach mode is injected by the worker the first time it is opened (components/teach/lazy.ts).
  const loadTeach = teachLoader(async () => {
    const reply = await sendToBackground({ type: 'content:load-teach', url: url() });
    return reply.ok;
  });
  let teachStyled = false;
  const openTeach = async (mount: (module: TeachModule, root: HTMLElement) => () => void) => {
    if (!teachRoot) return;
    stopTeaching();
    const mine = opening;
    dialogOpen.value = true;
    const module = await loadTeach();
    if (mine !== opening || ctx.isInvalid || !teachRoot) return;
    if (!module) {
      dialogOpen.value = false;
      overlay?.setStatus('error', 'Register Lens could not open teach mode.');
      return;
    }
    if (!teachStyled) {
      const style = document.createElement('style');
      style.textContent = module.css;
      teachRoot.before(style);
      teachStyled = true;
    }
    closeTeach = mount(module, teachRoot);
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

  const teach = () =>
    void openTeach((module, root) =>
      module.mountTeachPicker(root, {
        page: document,
        url: url(),
        mapping,
        host: ui.host,
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
      }),
    );

  const explain = () => {
    if (asked.value.length === 0) return;
    void openTeach((module, root) =>
      module.mountMeaningDialog(root, {
        labels: asked.value,
        onCancel: stopTeaching,
        onSave(entries) {
          stopTeaching();
          void saveMarks(entries).then((saved) => {
            if (!saved) overlay?.setStatus('error', 'Register Lens could not save those mappings.');
            else live?.readNow();
          });
        },
      }),
    );
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

  // The stylesheet is bundled as text: no fetch of a CSS file, and no web-accessible resource
  // the MIS page could probe for.
  const ui = mountShadowHost(document, OVERLAY_HOST, overlayCss + noticeCss);
  const container = ui.container;
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
    host: ui.host,
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
  // An extension update or reload invalidates this script: take everything of ours off the page.
  ctx.onInvalidated(() => {
    stopTeaching();
    closeNotice?.();
    overlay?.destroy();
    ui.remove();
  });
  const controller: OverlayController = overlay;

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
    ignore: ui.host,
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
