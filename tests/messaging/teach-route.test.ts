import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { analysePupil } from '../../utils/attendance/analyse';
import { createHandlers } from '../../utils/messaging/background';
import {
  handleRequest,
  onStartTeach,
  sendFromContent,
  type Sender,
} from '../../utils/messaging/runtime';
import { freshStore } from '../store/helpers';
import { scriptPorts } from './ports';
import { EXT, PAGE, policy } from './senders';

const panel: Sender = { id: EXT, url: `chrome-extension://${EXT}/sidepanel.html` };
const inTab: Sender = { id: EXT, url: PAGE, tab: { id: 7, url: PAGE } as Sender['tab'] };
const handlers = createHandlers({ analyse: analysePupil, now: () => new Date('2026-03-02') });
const ask = (message: unknown, sender: Sender) => handleRequest(message, sender, handlers, policy);

type SendToTab = { sendMessage(tabId: number, message: unknown, options?: unknown): unknown };

beforeEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
  freshStore();
});

describe('panel:start-teach', () => {
  it("should ask the top frame of the panel's tab to open teach mode, and pass its answer on", async () => {
    const send = vi.spyOn(browser.tabs as unknown as SendToTab, 'sendMessage');
    send.mockResolvedValue({ ok: true });

    const reply = await ask({ type: 'panel:start-teach', tabId: 7 }, panel);

    expect(reply).toEqual({ ok: true });
    expect(send).toHaveBeenCalledExactlyOnceWith(
      7,
      { type: 'background:start-teach' },
      { frameId: 0 },
    );
  });

  it('should say the page is not read when no content script of ours is in that tab', async () => {
    const send = vi.spyOn(browser.tabs as unknown as SendToTab, 'sendMessage');
    send.mockRejectedValue(
      new Error('Could not establish connection. Receiving end does not exist.'),
    );

    const reply = await ask({ type: 'panel:start-teach', tabId: 7 }, panel);

    expect(reply).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not reading the page in this tab/),
    });
  });

  it.each([
    ['a reply of another shape', { opened: 'yes' }],
    ['no reply at all', undefined],
  ])('should not take %s from the tab for a success', async (_what, answer) => {
    const send = vi.spyOn(browser.tabs as unknown as SendToTab, 'sendMessage');
    send.mockResolvedValue(answer);

    const reply = await ask({ type: 'panel:start-teach', tabId: 7 }, panel);

    expect(reply).toMatchObject({ ok: false });
  });

  it('should refuse the request from a content script', async () => {
    const send = vi.spyOn(browser.tabs as unknown as SendToTab, 'sendMessage');

    const reply = await ask({ type: 'panel:start-teach', tabId: 7 }, inTab);

    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
    expect(send).not.toHaveBeenCalled();
  });
});

describe('the content script hearing the worker', () => {
  type Listener = (raw: unknown, sender: Sender, respond: (reply: unknown) => void) => unknown;

  /** The listener onStartTeach adds, and what it answered through `respond`. */
  function listen(open: () => Promise<boolean>) {
    const add = vi.spyOn(browser.runtime.onMessage, 'addListener');
    const stop = onStartTeach(open);
    const listener = add.mock.calls[0]![0] as unknown as Listener;
    const hear = async (raw: unknown, sender: Sender) => {
      const answers: unknown[] = [];
      const kept = listener(raw, sender, (reply) => answers.push(reply));
      await new Promise((resolve) => setTimeout(resolve, 0));
      return { kept, answers };
    };
    return { hear, stop };
  }
  const worker: Sender = { id: EXT, url: `chrome-extension://${EXT}/background.js` };

  it('should open teach mode when its own worker asks, and say it opened', async () => {
    const open = vi.fn(async () => true);
    const { hear } = listen(open);

    const { kept, answers } = await hear({ type: 'background:start-teach' }, worker);

    expect(open).toHaveBeenCalledTimes(1);
    expect(kept).toBe(true);
    expect(answers).toEqual([{ ok: true }]);
  });

  it('should say so when teach mode could not open', async () => {
    const { hear } = listen(async () => false);

    const { answers } = await hear({ type: 'background:start-teach' }, worker);

    expect(answers).toEqual([
      { ok: false, error: expect.stringMatching(/could not open teach mode/), retry: false },
    ]);
  });

  it.each([
    ['another extension', { type: 'background:start-teach' }, { id: 'someone-else' }],
    ['a content script in a tab', { type: 'background:start-teach' }, inTab],
    ['a message of another shape', { type: 'background:start-teach!' }, worker],
    ['a message with no type', 'start teach', worker],
  ])('should ignore %s', async (_who, raw, sender) => {
    const open = vi.fn(async () => true);
    const { hear } = listen(open);

    const { kept, answers } = await hear(raw, sender as Sender);

    expect(open).not.toHaveBeenCalled();
    expect(kept).toBe(false);
    expect(answers).toEqual([]);
  });
});

describe("the content script's client", () => {
  it('should parse the reply to its own message with that message’s schema', async () => {
    scriptPorts({ reply: { ok: true, siteId: 'http://127.0.0.1:5177', layouts: 'two' } });

    const reply = await sendFromContent({
      type: 'content:save-layout',
      url: PAGE,
      layout: {
        kind: 'register-lens/taught-layout',
        version: 1,
        origin: 'http://127.0.0.1:5177',
        pathPattern: '/register/*',
        container: '#roll',
        rows: ':scope > div',
        name: ':scope > span',
        marks: [{ selector: ':scope > b', read: 'label', attr: 'title' }],
        session: null,
      },
    });

    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Unexpected reply/) });
  });

  it('should hand on a reply that passes', async () => {
    scriptPorts({ reply: { ok: true } });

    const reply = await sendFromContent({ type: 'content:load-overlay', url: PAGE });

    expect(reply).toEqual({ ok: true });
  });
});
