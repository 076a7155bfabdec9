import { onStartTeach, sendFromContent, sendReading } from '../../utils/messaging/runtime';
import { startLiveReader, type LiveReader } from '../../utils/registers/live';
import type { MarkMapping } from '../../utils/registers/mapping';
import { labelsToAsk, marksNeedingMapping, pageKey } from '../../utils/registers/meaning';
import { readRegister } from '../../utils/registers/read';
import type { Reading } from '../../utils/registers/schema';
import type { TaughtLayout } from '../../utils/registers/teach';
import { loadDock } from './dock-prefs';
import { overlayHandoff } from './handoff';
import { NOTHING_UNMAPPED, overlayLoader, type Unmapped } from './lazy';
import type { ScriptContext } from './script-context';
import type { SentReading } from './session';
import { createShadowHost } from './shadow-host';

/** The tag of our one shadow host; the demo launcher and the tests wait for it. */
export const OVERLAY_HOST = 'register-lens-overlay';

/**
 * The register content script: asks the worker whether this page is an enabled site, reads the
 * register live and sends every reading to the worker the moment it is read. The overlay that
 * draws the badges is injected only once the reader has read a register on the page, or when the
 * user asks for teach mode (./handoff.ts, ./lazy.ts), so the script every MIS page loads carries
 * the reader and little else, and a page without a register gets nothing more. Everything is
 * wrapped: whatever fails here, the MIS page carries on as if we were not there.
 */
export async function runRegisterOverlay(ctx: ScriptContext): Promise<void> {
  const url = () => location.href;
  const hello = await sendFromContent({ type: 'content:hello', url: url() });
  if (!hello.ok || !hello.enabled || ctx.isInvalid) return;

  let layout: TaughtLayout | null = hello.layout;
  // The site's labels first, then the school's; answers given on this page replace it.
  let mapping: MarkMapping = hello.markMappings;
  let live: LiveReader | null = null;
  // Made now, empty and out of the page, so the live reader ignores it from its first read; it
  // goes into the page only with the overlay, which fills it.
  const ui = createShadowHost(document, OVERLAY_HOST, '');

  const loadOverlay = overlayLoader(async () => {
    const reply = await sendFromContent({ type: 'content:load-overlay', url: url() });
    return reply.ok;
  });
  // Badges wait for both the worker's reply and the overlay's script: asked for at once, so the
  // first register pays the longer of the two, not their sum.
  const overlay = overlayHandoff({
    async load() {
      const [module, dock] = await Promise.all([loadOverlay(), loadDock(location.origin)]);
      if (!module || ctx.isInvalid) return null;
      ui.attach();
      return module.mountOverlay({
        document,
        ui,
        url,
        overlayEnabled: hello.overlayEnabled,
        privacyScreen: hello.privacyScreen,
        thresholds: hello.thresholds,
        dock,
        send: sendFromContent,
        reader: {
          mapping: () => mapping,
          setMapping(next) {
            mapping = next;
          },
          useLayout(taught) {
            layout = taught;
            live?.readNow();
          },
          readNow: () => void live?.readNow(),
        },
      });
    },
  });
  // The page's key is read again only when the reading's letters change (it walks the page).
  let keyFor = '';
  let key = new Map<string, string>();
  const unmapped = (reading: Reading): Unmapped => {
    const letters = [
      ...new Set(
        reading.pupils.flatMap((p) => p.marks.map((m) => m.raw)).filter((r) => r.length <= 2),
      ),
    ].join('|');
    if (letters !== keyFor) {
      keyFor = letters;
      key = letters ? pageKey(document) : new Map();
    }
    const labels = labelsToAsk(reading, { mapping, key });
    return { labels, marks: marksNeedingMapping(labels) };
  };
  const show = (reading: Reading | null, saved = false) =>
    overlay.reading(
      reading ? send(reading, saved) : null,
      reading ? unmapped(reading) : NOTHING_UNMAPPED,
    );

  const send = (reading: Reading, saved: boolean): SentReading => ({
    reading,
    saved,
    reply: sendReading({ reading, url: url(), saved }).then((reply) =>
      reply.ok
        ? { ok: true, pupils: reply.pupils, year: reply.year ?? null }
        : { ok: false, error: reply.error },
    ),
  });

  // Teach mode on a page the reader found no register on: asked for from the side panel (through
  // the worker), or by Alt+Shift+T, which the overlay handles itself once it is here.
  const stopListening = onStartTeach(() => overlay.teach());
  const onKey = (event: KeyboardEvent) => {
    if (overlay.view || !event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
    if (event.code !== 'KeyT') return;
    event.preventDefault();
    void overlay.teach();
  };
  document.addEventListener('keydown', onKey, true);

  // An extension update or reload invalidates this script: take everything of ours off the page.
  ctx.onInvalidated(() => {
    stopListening();
    document.removeEventListener('keydown', onKey, true);
    live?.stop();
    overlay.view?.destroy();
    ui.remove();
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
    onReading: (result) => show(result.ok ? result.reading : null),
    onSaved: (reading) => show(reading, true),
    onError: () => overlay.error('Register Lens could not read this page.'),
  });
}
