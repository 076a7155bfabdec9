import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { analysePupil } from '../../utils/attendance/analyse';
import { createHandlers } from '../../utils/messaging/background';
import {
  handleRequest,
  onMessage,
  sendReading,
  sendToBackground,
  type Handlers,
  type Sender,
} from '../../utils/messaging/runtime';
import { countMarks, db, pupilMarks } from '../../utils/store';
import { freshStore, mark, reading } from '../store/helpers';
import { linkPorts, scriptPorts } from './ports';
import { EXT, PAGE, policy } from './senders';

const contentSender: Sender = { id: EXT, url: PAGE, tab: { id: 7, url: PAGE } as Sender['tab'] };
const pageSender: Sender = { id: EXT, url: `chrome-extension://${EXT}/sidepanel.html` };

const readingMessage = (url = PAGE) => ({
  type: 'content:reading' as const,
  reading: reading([
    { key: 'ada', marks: [mark('2026-03-02', 'N'), mark('2026-03-02', 'N', { session: 'PM' })] },
  ]),
  url,
  saved: true,
});

const handlers = createHandlers({
  analyse: analysePupil,
  now: () => new Date('2026-03-02T12:00:00'),
});

describe('handleRequest', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    freshStore();
  });

  it.each([
    {
      what: 'another extension',
      sender: { ...contentSender, id: 'abcdefghijklmnopabcdefghijklmnop' },
    },
    { what: 'a web page (no extension id)', sender: { url: PAGE, tab: contentSender.tab } },
    { what: 'an extension page sending a content message', sender: pageSender },
    {
      what: 'a content script on a site not enabled',
      sender: {
        id: EXT,
        url: 'https://evil.example/',
        tab: { id: 3, url: 'https://evil.example/' } as Sender['tab'],
      },
    },
    { what: 'a background script without a tab', sender: { id: EXT, url: PAGE } },
  ])('should refuse a reading from $what and store nothing', async ({ sender }) => {
    const reply = await handleRequest(readingMessage(), sender as Sender, handlers, policy);

    expect(reply).toMatchObject({ ok: false, retry: false });
    expect(reply.ok === false && reply.error).toMatch(/^Refused/);
    expect(await countMarks()).toBe(0);
  });

  it('should refuse a content script reporting a page of another site', async () => {
    const reply = await handleRequest(
      readingMessage('https://mis.other.example/register'),
      contentSender,
      handlers,
      policy,
    );

    expect(reply).toMatchObject({ ok: false });
  });

  it('should refuse a page message from a content script', async () => {
    const reply = await handleRequest({ type: 'panel:recompute' }, contentSender, handlers, policy);

    expect(reply).toMatchObject({ ok: false, retry: false });
  });

  it('should answer a malformed message with an error instead of throwing', async () => {
    const reply = await handleRequest(
      { type: 'content:reading', url: PAGE },
      contentSender,
      handlers,
      policy,
    );

    expect(reply).toMatchObject({ ok: false, retry: false });
  });

  it('should store a reading from its own content script and reply with the badges', async () => {
    const reply = await handleRequest(readingMessage(), contentSender, handlers, policy);

    expect(reply).toMatchObject({
      ok: true,
      stored: { added: 2, corrected: 0, unchanged: 0 },
      asOf: '2026-03-02',
      pupils: [
        {
          key: 'ada',
          pupilId: 'http://127.0.0.1:5177|ada',
          figures: { possible: 2, unauthorised: 2 },
        },
      ],
    });
    expect(await db().figures.count()).toBe(1);
  });

  it('should mark a failing handler as worth retrying', async () => {
    const failing = { ...handlers, 'content:hello': () => Promise.reject(new Error('AbortError')) };

    const reply = await handleRequest(
      { type: 'content:hello', url: PAGE },
      contentSender,
      failing as Handlers,
      policy,
    );

    expect(reply).toEqual({ ok: false, error: 'AbortError', retry: true });
  });
});

describe('onMessage with the browser runtime', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    fakeBrowser.reset();
    freshStore();
  });

  it('should refuse a request whose port carries no extension id', async () => {
    linkPorts(undefined);
    onMessage(handlers, policy);

    const reply = await sendToBackground(readingMessage());

    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
    expect(await countMarks()).toBe(0);
  });

  it('should store a reading that arrives over a port from its content script', async () => {
    linkPorts(contentSender);
    onMessage(handlers, policy);

    const reply = await sendToBackground(readingMessage());

    expect(reply).toMatchObject({ ok: true, stored: { added: 2 } });
    expect(await countMarks()).toBe(2);
  });

  it('should ignore ports of other names', async () => {
    linkPorts(contentSender);
    onMessage(handlers, policy);
    const port = browser.runtime.connect({ name: 'someone-else' });
    const heard: unknown[] = [];
    port.onMessage.addListener((m: unknown) => void heard.push(m));

    port.postMessage(readingMessage());
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(heard).toEqual([]);
    expect(await countMarks()).toBe(0);
  });
});

describe('sendReading', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    fakeBrowser.reset();
  });

  it('should retry until the worker answers, backing off', async () => {
    const ok = {
      ok: true,
      stored: { added: 0, corrected: 0, unchanged: 2 },
      siteId: 's',
      asOf: '2026-03-02',
      pupils: [],
    };
    const { spy: send } = scriptPorts(
      { closed: 'The worker stopped before it replied.' },
      { reply: null },
      { reply: ok },
    );
    const waits: number[] = [];

    const reply = await sendReading(
      { reading: readingMessage().reading, url: PAGE, saved: true },
      { sleep: async (ms) => void waits.push(ms) },
    );

    expect(reply).toEqual(ok);
    expect(send).toHaveBeenCalledTimes(3);
    expect(waits).toEqual([100, 200]);
  });

  it('should not retry a refusal', async () => {
    const { spy: send } = scriptPorts({
      reply: { ok: false, error: 'Refused: nope.', retry: false },
    });

    const reply = await sendReading(
      { reading: readingMessage().reading, url: PAGE, saved: true },
      { sleep: async () => {} },
    );

    expect(reply.ok).toBe(false);
    expect(send).toHaveBeenCalledTimes(1);
  });
});

describe('a reading sent twice through the handlers', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    freshStore();
  });

  it('should leave exactly one copy of each mark', async () => {
    await handleRequest(readingMessage(), contentSender, handlers, policy);
    await handleRequest(readingMessage(), contentSender, handlers, policy);

    expect(await pupilMarks('http://127.0.0.1:5177|ada')).toHaveLength(2);
  });
});

describe('the retention run', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    freshStore();
  });

  it('should purge marks older than this and the previous academic year, and recompute', async () => {
    await handleRequest(
      {
        ...readingMessage(),
        reading: reading([
          {
            key: 'ada',
            marks: [mark('2024-08-30', 'N'), mark('2024-09-02', 'N'), mark('2026-03-02', '/')],
          },
        ]),
      },
      contentSender,
      handlers,
      policy,
    );

    const reply = await handleRequest(
      { type: 'options:run-retention' },
      pageSender,
      handlers,
      policy,
    );

    expect(reply).toEqual({ ok: true, cutoff: '2024-09-01', marks: 1 });
    expect((await pupilMarks('http://127.0.0.1:5177|ada')).map((m) => m.date)).toEqual([
      '2024-09-02',
      '2026-03-02',
    ]);
    expect((await db().figures.get('http://127.0.0.1:5177|ada'))?.figures.possible).toBe(1);
  });
});
