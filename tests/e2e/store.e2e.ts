import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from '../../scripts/lib/browser';
import type { Reading } from '../../utils/registers/schema';
import { extensionPage } from './harness';

/**
 * The store under the two things that lose or double data in real use: two tabs saving at the
 * same moment, and the service worker stopped in the middle of a write. Readings are sent from
 * the register content script's own isolated world (a real content-script sender on the demo
 * origin), and counted afterwards with raw IndexedDB from an extension page.
 */

const DAYS = Array.from({ length: 200 }, (_, i) => {
  const d = new Date(Date.UTC(2025, 8, 1 + Math.floor(i / 5) * 7 + (i % 5)));
  return d.toISOString().slice(0, 10);
});
const CODES = ['/', '/', '/', '/', 'N', 'I', 'L', 'M'];

function register(prefix: string, pupils: number[], sessions: number): Reading {
  return {
    adapter: 'e2e',
    group: prefix,
    date: DAYS[0]!,
    session: 'AM',
    taken: true,
    warnings: [],
    pupils: pupils.map((p) => ({
      key: `${prefix}-${p}`,
      name: `Pupil ${p}`,
      marks: Array.from({ length: sessions }, (_, s) => ({
        date: DAYS[s >> 1]!,
        session: s % 2 ? ('PM' as const) : ('AM' as const),
        raw: CODES[(p + s) % CODES.length]!,
        code: CODES[(p + s) % CODES.length]!,
        editable: false,
      })),
    })),
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

interface Tab {
  page: Page;
  cdp: CDPSession;
  /** The id of the register content script's isolated world in this tab. */
  world: () => number | undefined;
}

/** Opens a page of the local test site and waits for the content script's world in it. */
async function openTab(browser: ExtensionBrowser, url: string): Promise<Tab> {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  const worlds: number[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    if (context.name === 'Register Lens') worlds.push(context.id);
  });
  cdp.on('Runtime.executionContextsCleared', () => void worlds.splice(0));
  await cdp.send('Runtime.enable');
  for (let attempt = 0; attempt < 20 && worlds.length === 0; attempt++) {
    // The worker registers the content script on install; the first load may come before it.
    await page.goto(url);
    await page.waitForTimeout(500);
  }
  if (worlds.length === 0) throw new Error('The register content script never ran on the page.');
  return { page, cdp, world: () => worlds.at(-1) };
}

interface Sent {
  attempts: number;
  reply: { ok: boolean; error?: string; stored?: { added: number; corrected: number } };
}

// The content script's transport (utils/messaging/runtime.ts): one port per request.
const ASK_SOURCE = `const ask = (message) => new Promise((resolve, reject) => {
      const port = chrome.runtime.connect({ name: 'register-lens:request' });
      port.onMessage.addListener((reply) => { resolve(reply); port.disconnect(); });
      port.onDisconnect.addListener(() => reject(new Error(chrome.runtime.lastError?.message ?? 'closed')));
      port.postMessage(message);
    });`;

/** Sends a reading as the content script does: until the worker acknowledges it. */
async function sendFromContent(tab: Tab, reading: Reading): Promise<Sent> {
  const message = { type: 'content:reading', reading, url: tab.page.url(), saved: true };
  const expression = `(async (message) => {
    ${ASK_SOURCE}
    for (let attempts = 1; attempts <= 20; attempts++) {
      try {
        const reply = await ask(message);
        if (reply && (reply.ok || !reply.retry)) return { attempts, reply };
      } catch {}
      await new Promise((resolve) => setTimeout(resolve, 50 * attempts));
    }
    return { attempts: 21, reply: { ok: false, error: 'gave up' } };
  })(${JSON.stringify(message)})`;
  const result = await tab.cdp.send('Runtime.evaluate', {
    contextId: tab.world(),
    expression,
    awaitPromise: true,
    returnByValue: true,
  });
  if (result.exceptionDetails) throw new Error(result.exceptionDetails.text);
  return result.result.value as Sent;
}

/** Marks and history rows whose pupil id starts with `prefix`, read with raw IndexedDB. */
function countStored(page: Page, prefix: string): Promise<{ marks: number; history: number }> {
  return page.evaluate(
    (prefix) =>
      new Promise<{ marks: number; history: number }>((resolve, reject) => {
        const open = indexedDB.open('register-lens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['timelines', 'markHistory'], 'readonly');
          const range = IDBKeyRange.bound([prefix], [`${prefix}\uffff`]);
          // Marks are packed one record per pupil and year: 11 characters a session.
          const years = tx.objectStore('timelines').getAll(range);
          const history = tx
            .objectStore('markHistory')
            .index('[pupilId+date+session]')
            .count(range);
          tx.oncomplete = () => {
            db.close();
            const marks = (years.result as Array<{ slots: string }>).reduce(
              (n, record) => n + record.slots.length / 11,
              0,
            );
            resolve({ marks, history: history.result });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    prefix,
  );
}

describe('the store in Chromium', () => {
  let browser: ExtensionBrowser;
  let server: Server;
  let origin: string;
  let extPage: Page;
  let tabA: Tab;
  let tabB: Tab;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<!doctype html><html lang="en-GB"><title>Not a register</title><p>Blank</p>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // REGISTER_LENS_EXTENSION_DIR: a private copy of the demo build, when others rebuild it.
    const extensionDir = process.env.REGISTER_LENS_EXTENSION_DIR;
    browser = await launchWithExtension(extensionDir ? { extensionDir } : {});
    extPage = await extensionPage(browser, 'sidepanel.html');
    tabA = await openTab(browser, `${origin}/register/a`);
    tabB = await openTab(browser, `${origin}/register/b`);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('should store two registers saved in two tabs at the same moment, none lost, none doubled', async () => {
    // 15 pupils in both registers, with the same marks: the overlap must be stored once.
    const a = register('race', range(0, 30), 60);
    const b = register('race', range(15, 45), 60);

    const first = await Promise.all([sendFromContent(tabA, a), sendFromContent(tabB, b)]);
    const again = await Promise.all([sendFromContent(tabA, a), sendFromContent(tabB, b)]);

    expect([...first, ...again].map((s) => s.reply.ok)).toEqual([true, true, true, true]);
    expect(first.reduce((n, s) => n + (s.reply.stored?.added ?? 0), 0)).toBe(45 * 60);
    expect(again.map((s) => s.reply.stored?.added)).toEqual([0, 0]);
    expect(await countStored(extPage, `${origin}|race-`)).toEqual({ marks: 45 * 60, history: 0 });
  });

  it('should lose and double nothing when the worker is stopped in the middle of a write', async () => {
    const cdp = await browser.context.newCDPSession(extPage);
    const status: string[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions)
        if (v.scriptURL.endsWith('/background.js')) status.push(v.runningStatus);
    });
    await cdp.send('ServiceWorker.enable');
    // How long one such write takes here, so the stops land inside the next one. Timed on a
    // second write: the first also wakes the worker and opens the store, and a stop timed from
    // it lands after a packed write (schema v6) is over.
    const cold = await sendFromContent(tabA, register('cold', range(0, 240), 380));
    const started = Date.now();
    // Packed, a write is fast: a year of 240 pupils keeps one long enough to stop.
    const warm = await sendFromContent(tabA, register('warm', range(0, 240), 380));
    const writeMs = Date.now() - started;
    expect(cold.reply.ok).toBe(true);
    expect(warm.reply.ok).toBe(true);

    // Stops at 10%, 30% and 60% of that time: one in flight kills the write, and the sender's
    // retries wake the worker again each time. A load spike can make every stop miss the write,
    // so up to three rounds, each stopping earlier; every round's write must arrive exact.
    let sent: Sent | null = null;
    for (let round = 0; round < 3 && !(sent && sent.attempts > 1); round++) {
      const prefix = `stop${round}`;
      const sending = sendFromContent(tabA, register(prefix, range(0, 240), 380));
      for (const share of [0.1, 0.3, 0.6]) {
        const wait = Math.max(10, (writeMs * share) / (round + 1));
        await new Promise((resolve) => setTimeout(resolve, wait));
        await cdp.send('ServiceWorker.stopAllWorkers');
      }
      sent = await sending;
      expect(sent.reply.ok).toBe(true);
      expect(await countStored(extPage, `${origin}|${prefix}-`)).toEqual({
        marks: 240 * 380,
        history: 0,
      });
    }

    expect(status).toContain('stopped');
    expect(sent!.attempts).toBeGreaterThan(1);
  }, 180_000);

  it('should refuse a content message sent from an extension page and store nothing', async () => {
    const reply = await extPage.evaluate(
      (message) =>
        new Promise((resolve, reject) => {
          interface Port {
            onMessage: { addListener(l: (reply: unknown) => void): void };
            onDisconnect: { addListener(l: () => void): void };
            postMessage(message: unknown): void;
          }
          const { runtime } = (
            globalThis as unknown as {
              chrome: { runtime: { connect(info: { name: string }): Port } };
            }
          ).chrome;
          const port = runtime.connect({ name: 'register-lens:request' });
          port.onMessage.addListener((reply) => resolve(reply));
          port.onDisconnect.addListener(() => reject(new Error('closed before a reply')));
          port.postMessage(message);
        }),
      {
        type: 'content:reading',
        reading: register('forged', [0], 2),
        url: `${origin}/register/a`,
        saved: true,
      },
    );

    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
    expect(await countStored(extPage, `${origin}|forged-`)).toEqual({ marks: 0, history: 0 });
  });
});
