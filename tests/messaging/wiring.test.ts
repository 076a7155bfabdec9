import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { analysePupil } from '../../utils/attendance/analyse';
import { createHandlers } from '../../utils/messaging/background';
import { handleRequest, sendToBackground, type Sender } from '../../utils/messaging/runtime';
import type { TaughtLayout } from '../../utils/registers/teach';
import { defaultSettings } from '../../utils/settings/schema';
import { db, loadSettings, saveSettings } from '../../utils/store';
import { freshStore, mark, reading } from '../store/helpers';
import { scriptPorts } from './ports';
import { EXT, ORIGIN, PAGE, policy } from './senders';

const inTab = (tabId: number, url = PAGE): Sender => ({
  id: EXT,
  url,
  tab: { id: tabId, url } as Sender['tab'],
});
const panel: Sender = { id: EXT, url: `chrome-extension://${EXT}/sidepanel.html` };
const handlers = createHandlers({
  analyse: analysePupil,
  now: () => new Date('2026-03-02T12:00:00'),
});
const ask = (message: unknown, sender: Sender) => handleRequest(message, sender, handlers, policy);

const layout = (pathPattern = '/register/*', origin = ORIGIN): TaughtLayout => ({
  kind: 'register-lens/taught-layout',
  version: 1,
  origin,
  pathPattern,
  container: '#roll',
  rows: ':scope > div',
  name: ':scope > span',
  marks: [{ selector: ':scope > b', read: 'label', attr: 'title' }],
  session: null,
});

const readingOf = (key: string, group = '7B') => ({
  type: 'content:reading' as const,
  reading: reading([{ key, marks: [mark('2026-03-02', 'N')] }], { group }),
  url: PAGE,
  saved: true,
});

beforeEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
  freshStore();
});

describe('content:hello', () => {
  it('should carry the display settings, thresholds and mappings the overlay needs', async () => {
    await saveSettings({
      ...defaultSettings(),
      privacyScreen: true,
      overlayEnabled: false,
      markMappings: { 'Off site': 'B', Unknown: '' },
    });

    const reply = await ask({ type: 'content:hello', url: PAGE }, inTab(1));

    expect(reply).toMatchObject({
      ok: true,
      overlayEnabled: false,
      privacyScreen: true,
      thresholds: defaultSettings().thresholds,
      markMappings: {
        entries: [
          { raw: 'Off site', code: 'B' },
          { raw: 'Unknown', code: null },
        ],
      },
      layout: null,
    });
  });

  it('should carry the layout taught for this site and path, and none for another path', async () => {
    await ask({ type: 'content:save-layout', url: PAGE, layout: layout() }, inTab(1));

    const here = await ask({ type: 'content:hello', url: PAGE }, inTab(1));
    const elsewhere = await ask({ type: 'content:hello', url: `${ORIGIN}/reports` }, inTab(1));

    expect(here).toMatchObject({ ok: true, layout: layout() });
    expect(elsewhere).toMatchObject({ ok: true, layout: null });
  });
});

describe('content:save-layout', () => {
  it('should keep one layout per path, the latest taught', async () => {
    await ask({ type: 'content:save-layout', url: PAGE, layout: layout() }, inTab(1));
    const again = { ...layout(), container: '#roll2' };

    const reply = await ask({ type: 'content:save-layout', url: PAGE, layout: again }, inTab(1));

    expect(reply).toMatchObject({ ok: true, siteId: ORIGIN, layouts: 1 });
    expect((await db().siteMappings.get(ORIGIN))?.data).toEqual({ layouts: [again], marks: [] });
  });

  it('should refuse a layout taught on another site', async () => {
    const foreign = layout('/register/*', 'https://other.example');

    const reply = await ask({ type: 'content:save-layout', url: PAGE, layout: foreign }, inTab(1));

    expect(reply).toMatchObject({ ok: false });
    expect(await db().siteMappings.count()).toBe(0);
  });

  it('should refuse a layout sent by an extension page', async () => {
    const reply = await ask({ type: 'content:save-layout', url: PAGE, layout: layout() }, panel);

    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
  });
});

describe.each([
  ['content:load-teach', 'teach mode', '/register-teach.js'],
  ['content:load-overlay', 'the overlay', '/register-overlay.js'],
] as const)('%s', (type, what, file) => {
  type Inject = { executeScript(options: unknown): Promise<unknown[]> };

  it(`should inject ${what} into the frame of the register that asked, and nowhere else`, async () => {
    const inject = vi.spyOn(browser.scripting as unknown as Inject, 'executeScript');
    inject.mockResolvedValue([]);

    const reply = await ask({ type, url: PAGE }, { ...inTab(7), frameId: 0 });

    expect(reply).toEqual({ ok: true });
    expect(inject).toHaveBeenCalledExactlyOnceWith({
      target: { tabId: 7, frameIds: [0] },
      files: [file],
    });
  });

  it.each([
    ['an extension page', panel],
    ['a tab on a site nobody enabled', inTab(7, 'https://elsewhere.example/register')],
  ])(`should refuse to inject ${what} for %s`, async (_who, sender) => {
    const inject = vi.spyOn(browser.scripting as unknown as Inject, 'executeScript');
    inject.mockResolvedValue([]);

    const reply = await ask({ type, url: sender.url }, sender);

    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
    expect(inject).not.toHaveBeenCalled();
  });

  it('should say so, worth retrying, when the browser will not inject it', async () => {
    const inject = vi.spyOn(browser.scripting as unknown as Inject, 'executeScript');
    inject.mockRejectedValue(new Error('Cannot access contents of the page.'));

    const reply = await ask({ type, url: PAGE }, inTab(7));

    expect(reply).toEqual({ ok: false, error: 'Cannot access contents of the page.', retry: true });
  });
});

describe('content:save-mark-mapping', () => {
  it('should keep the answers for this site and hand them to the reader before the school-wide ones', async () => {
    await saveSettings({ ...defaultSettings(), markMappings: { A: 'O', 'Off site': 'B' } });

    const reply = await ask(
      { type: 'content:save-mark-mapping', url: PAGE, entries: [{ raw: 'a', code: 'N' }] },
      inTab(1),
    );
    const hello = await ask({ type: 'content:hello', url: PAGE }, inTab(1));

    expect(reply).toMatchObject({ ok: true, siteId: ORIGIN });
    expect(hello).toMatchObject({
      markMappings: {
        entries: [
          { raw: 'a', code: 'N' },
          { raw: 'Off site', code: 'B' },
        ],
      },
    });
  });

  it('should replace an earlier answer for the same label and keep the taught layouts', async () => {
    await ask({ type: 'content:save-layout', url: PAGE, layout: layout() }, inTab(1));
    const save = (code: string | null) =>
      ask(
        { type: 'content:save-mark-mapping', url: PAGE, entries: [{ raw: 'P', code }] },
        inTab(1),
      );

    await save(null);
    await save('/');

    expect((await db().siteMappings.get(ORIGIN))?.data).toEqual({
      layouts: [layout()],
      marks: [{ raw: 'P', code: '/' }],
    });
  });

  it('should refuse a label mapped to something that is not a code', async () => {
    const reply = await ask(
      { type: 'content:save-mark-mapping', url: PAGE, entries: [{ raw: 'P', code: 'Present' }] },
      inTab(1),
    );

    expect(reply).toMatchObject({ ok: false });
    expect(await db().siteMappings.count()).toBe(0);
  });

  it('should take the same answers from the side panel for the site it names', async () => {
    const reply = await ask(
      { type: 'panel:save-mark-mapping', siteId: ORIGIN, entries: [{ raw: 'T', code: 'L' }] },
      panel,
    );

    expect(reply).toMatchObject({ ok: true, siteId: ORIGIN });
    expect((await db().siteMappings.get(ORIGIN))?.data).toMatchObject({
      marks: [{ raw: 'T', code: 'L' }],
    });
  });
});

describe('display settings and recomputing', () => {
  beforeEach(() => {
    // A store build with no site enabled: nothing to register, so nothing to fake beyond these.
    vi.spyOn(browser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'Register Lens',
      version: '0',
      host_permissions: [],
    });
    const scripting = browser.scripting as { getRegisteredContentScripts(): Promise<unknown[]> };
    vi.spyOn(scripting, 'getRegisteredContentScripts').mockResolvedValue([]);
  });
  const computedAt = async () => (await db().figures.toArray()).map((f) => f.computedAt);

  it('should save the overlay toggles without recomputing any figures', async () => {
    await ask(readingOf('ada'), inTab(1));
    await db().figures.toCollection().modify({ computedAt: 'before' });

    const reply = await ask(
      { type: 'content:save-prefs', url: PAGE, privacyScreen: true },
      inTab(1),
    );

    expect(reply).toEqual({ ok: true, overlayEnabled: true, privacyScreen: true });
    expect((await loadSettings()).settings.privacyScreen).toBe(true);
    expect(await computedAt()).toEqual(['before']);
  });

  it.each([
    { what: 'the privacy screen', change: { privacyScreen: true }, recomputed: false },
    { what: 'the badge toggle', change: { overlayEnabled: false }, recomputed: false },
    {
      what: 'the retention period',
      change: { retention: { academicYears: 3 } },
      recomputed: false,
    },
    {
      what: 'a threshold',
      change: { thresholds: { ...defaultSettings().thresholds, persistentPct: 12 } },
      recomputed: true,
    },
    { what: 'a mark mapping', change: { markMappings: { 'Off site': 'B' } }, recomputed: true },
  ])('should recompute after a change to $what only when figures depend on it', async (row) => {
    await ask(readingOf('ada'), inTab(1));
    await ask({ type: 'options:settings-changed' }, panel);
    await db().figures.toCollection().modify({ computedAt: 'before' });
    await saveSettings({ ...(await loadSettings()).settings, ...row.change });

    const reply = await ask({ type: 'options:settings-changed' }, panel);

    expect(reply).toMatchObject({ ok: true, recomputed: row.recomputed });
    expect((await computedAt())[0] === 'before').toBe(!row.recomputed);
  });
});

describe('panel:open-register', () => {
  it('should answer with the register read in the tab asked about', async () => {
    await ask(readingOf('ada', '7A'), inTab(1));
    await ask(readingOf('bea', '7B'), inTab(2));

    const reply = await ask({ type: 'panel:open-register', tabId: 1 }, panel);

    expect(reply).toMatchObject({
      ok: true,
      source: 'active-tab',
      register: { tabId: 1, group: '7A', pupilIds: [`${ORIGIN}|ada`] },
    });
  });

  it('should fall back to the most recent reading for a tab with no register', async () => {
    await ask(readingOf('ada', '7A'), inTab(1));
    await ask(readingOf('bea', '7B'), inTab(2));

    const reply = await ask({ type: 'panel:open-register', tabId: 9 }, panel);

    expect(reply).toMatchObject({ ok: true, source: 'latest', register: { group: '7B' } });
  });

  it('should answer with no register before anything was read', async () => {
    expect(await ask({ type: 'panel:open-register' }, panel)).toEqual({
      ok: true,
      register: null,
      source: null,
    });
  });

  it('should tell open pages which tab each reading came from', async () => {
    const sent = vi
      .spyOn(browser.runtime as { sendMessage(m: unknown): Promise<unknown> }, 'sendMessage')
      .mockResolvedValue(undefined);

    await ask(readingOf('ada'), inTab(4));
    // The same reading again stores nothing, yet the panel still hears that tab 4 is on it.
    await ask(readingOf('ada'), inTab(4));

    const broadcasts = sent.mock.calls.map(([m]) => m as { type: string; tabId?: number });
    expect(broadcasts.filter((m) => m.type === 'background:data-changed')).toHaveLength(2);
    expect(broadcasts.every((m) => m.tabId === 4)).toBe(true);
  });
});

describe('sendToBackground while the worker wakes', () => {
  it('should send again when the message was never delivered', async () => {
    const { spy: send, asked } = scriptPorts(
      { closed: 'Could not establish connection. Receiving end does not exist.' },
      { reply: { ok: true, pupils: 3 } },
    );

    const reply = await sendToBackground({ type: 'panel:recompute' });

    expect(reply).toEqual({ ok: true, pupils: 3 });
    expect(send).toHaveBeenCalledTimes(2);
    expect(asked).toEqual([{ type: 'panel:recompute' }, { type: 'panel:recompute' }]);
  });

  it('should not resend a message the worker may have received', async () => {
    const { spy: send } = scriptPorts({ closed: 'The worker stopped before it replied.' });

    const reply = await sendToBackground({ type: 'panel:recompute' });

    expect(reply).toMatchObject({ ok: false, retry: true });
    expect(send).toHaveBeenCalledTimes(1);
  });
});
