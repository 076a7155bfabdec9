import { batch, signal } from '@preact/signals';
import type { MarkMappingEntry } from '../../utils/registers/mapping';
import type { AskedLabel } from '../../utils/registers/meaning';
import { teachLoader, type TeachModule } from '../teach/lazy';
import { createOverlay } from './controller';
import { saveDock } from './dock-prefs';
import type { OverlayStart, OverlayView } from './lazy';
import { mountMappingNotice } from './MappingNotice';
import { createOverlaySession } from './session';

/**
 * The overlay on a read page (injected by the worker once the reader has read it; ./lazy.ts):
 * the badges and the bar in the content script's shadow host, the "N marks need a mapping"
 * notice, and teach mode and the "what does this mean?" list on request. `css` is the overlay's
 * stylesheet, bundled as text: no fetch of a CSS file, and nothing web-accessible.
 */
export function mountOverlay(start: OverlayStart, css: string): OverlayView {
  const { document: doc, ui, reader, send } = start;
  const url = start.url;
  const style = doc.createElement('style');
  style.textContent = css;
  ui.container.before(style);

  // The "N marks need a mapping" notice: what the latest reading could not map.
  const asked = signal<readonly AskedLabel[]>([]);
  const needing = signal(0);
  const needingLabels = signal<readonly string[]>([]);
  // The notice steps aside while teach mode or the list is open: they sit in the same corner.
  const dialogOpen = signal(false);
  let closeTeach: (() => void) | null = null;
  let destroyed = false;
  // Each opening gets a number: one the user cancelled, or replaced by another while teach mode
  // was still loading, never mounts.
  let opening = 0;
  const stopTeaching = () => {
    opening++;
    closeTeach?.();
    closeTeach = null;
    dialogOpen.value = false;
  };

  // The picker gets its own element beside the overlay's: Preact owns each one's children.
  const teachRoot = doc.createElement('div');
  teachRoot.className = 'rl-teach-root rl-root';
  ui.container.after(teachRoot);
  const noticeRoot = doc.createElement('div');
  noticeRoot.className = 'rl-notice-root rl-root';
  teachRoot.after(noticeRoot);

  // Teach mode is injected by the worker the first time it is opened (components/teach/lazy.ts).
  const loadTeach = teachLoader(async () => {
    const reply = await send({ type: 'content:load-teach', url: url() });
    return reply.ok;
  });
  let teachStyled = false;
  const openTeach = async (mount: (module: TeachModule, root: HTMLElement) => () => void) => {
    stopTeaching();
    const mine = opening;
    dialogOpen.value = true;
    const module = await loadTeach();
    if (mine !== opening || destroyed) return;
    if (!module) {
      dialogOpen.value = false;
      overlay.setStatus('error', 'Register Lens could not open teach mode.');
      return;
    }
    if (!teachStyled) {
      const teachStyle = doc.createElement('style');
      teachStyle.textContent = module.css;
      teachRoot.before(teachStyle);
      teachStyled = true;
    }
    closeTeach = mount(module, teachRoot);
  };

  const saveMarks = async (entries: MarkMappingEntry[]): Promise<boolean> => {
    if (entries.length === 0) return true;
    const reply = await send({ type: 'content:save-mark-mapping', url: url(), entries });
    if (!reply.ok) return false;
    reader.setMapping(reply.markMappings);
    return true;
  };

  const teach = () =>
    void openTeach((module, root) =>
      module.mountTeachPicker(root, {
        page: doc,
        url: url(),
        mapping: reader.mapping(),
        host: ui.host,
        onCancel: stopTeaching,
        onSave(taught, entries) {
          stopTeaching();
          overlay.setStatus('waiting', 'Saving what you taught…');
          // One after the other: both rewrite the site's one mapping record, and two writes read
          // at once would each keep only their own half (the layout or the answers).
          void send({ type: 'content:save-layout', url: url(), layout: taught })
            .then(async (reply) => [reply, await saveMarks(entries)] as const)
            .then(([reply, marksSaved]) => {
              if (!reply.ok || !marksSaved) {
                overlay.setStatus('error', 'Register Lens could not save what you taught.');
                return;
              }
              reader.useLayout(taught);
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
            if (!saved) overlay.setStatus('error', 'Register Lens could not save those mappings.');
            else reader.readNow();
          });
        },
      }),
    );
  };

  const closeNotice = mountMappingNotice(noticeRoot, {
    hidden: dialogOpen,
    count: needing,
    labels: needingLabels,
    onOpen: explain,
    onTeach: teach,
  });
  const overlay = createOverlay({
    container: ui.container,
    document: doc,
    host: ui.host,
    enabled: start.overlayEnabled,
    privacy: start.privacyScreen,
    context: { minSessions: start.thresholds.fewSessions, year: null },
    dock: start.dock,
    onDockChange: (prefs) => void saveDock(doc.location.origin, prefs),
    onTeach: teach,
    // The toggles are the school's display settings: saved, never a reason to recompute.
    onChange: (change) =>
      void send({
        type: 'content:save-prefs',
        url: url(),
        ...(change.enabled === undefined ? {} : { overlayEnabled: change.enabled }),
        ...(change.privacy === undefined ? {} : { privacyScreen: change.privacy }),
      }),
  });
  const session = createOverlaySession({ overlay, thresholds: start.thresholds });

  return {
    reading(sent, unmapped) {
      batch(() => {
        asked.value = unmapped.labels;
        needing.value = unmapped.marks;
        needingLabels.value = unmapped.labels.map((a) => a.raw);
      });
      void session.reading(sent);
    },
    error(message) {
      overlay.setStatus('error', message);
    },
    teach,
    destroy() {
      destroyed = true;
      stopTeaching();
      closeNotice();
      overlay.destroy();
      style.remove();
      teachRoot.remove();
      noticeRoot.remove();
    },
  };
}
