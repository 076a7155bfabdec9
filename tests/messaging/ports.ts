import { vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import type { Sender } from '../../utils/messaging/runtime';

// wxt's fake browser has no runtime.connect / onConnect. These stand in for the browser's port
// plumbing only; the code under test (runtime.ts) is the real thing on both ends.

type Listener<A extends unknown[]> = (...args: A) => void;

function event<A extends unknown[]>() {
  const listeners = new Set<Listener<A>>();
  return {
    addListener: (l: Listener<A>) => void listeners.add(l),
    removeListener: (l: Listener<A>) => void listeners.delete(l),
    hasListener: (l: Listener<A>) => listeners.has(l),
    fire: (...args: A) => [...listeners].forEach((l) => l(...args)),
  };
}

interface FakePort {
  port: Browser.runtime.Port;
  deliver(message: unknown): void;
  close(error?: string): void;
  sent: unknown[];
}

function fakePort(name: string, sender: Sender | undefined, peer: () => FakePort | null): FakePort {
  const onMessage = event<[unknown, Browser.runtime.Port]>();
  const onDisconnect = event<[Browser.runtime.Port]>();
  let open = true;
  const sent: unknown[] = [];
  const port = {
    name,
    sender,
    onMessage,
    onDisconnect,
    postMessage(message: unknown) {
      if (!open) throw new Error('Attempting to use a disconnected port object');
      sent.push(message);
      // Structured-clone-like: the other side never shares our objects.
      const copy = JSON.parse(JSON.stringify(message)) as unknown;
      queueMicrotask(() => peer()?.deliver(copy));
    },
    disconnect() {
      if (!open) return;
      open = false;
      queueMicrotask(() => peer()?.close());
    },
  } as unknown as Browser.runtime.Port & { error?: { message: string } };
  return {
    port,
    sent,
    deliver: (message) => open && onMessage.fire(message, port),
    close(error) {
      if (!open) return;
      open = false;
      if (error) port.error = { message: error };
      onDisconnect.fire(port);
    },
  };
}

/**
 * Joins `runtime.connect` to `runtime.onConnect` in this one realm, as the browser joins a page
 * to the worker: the worker's side sees `sender`.
 */
export function linkPorts(sender: Sender | undefined = undefined) {
  const onConnect = event<[Browser.runtime.Port]>();
  Object.assign(browser.runtime, { onConnect });
  return vi.spyOn(browser.runtime, 'connect').mockImplementation(((info?: { name?: string }) => {
    const name = info?.name ?? '';
    let inside: FakePort | null = null;
    const outside = fakePort(name, undefined, () => inside);
    inside = fakePort(name, sender, () => outside);
    queueMicrotask(() => onConnect.fire(inside.port));
    return outside.port;
  }) as typeof browser.runtime.connect);
}

export type Outcome = { reply: unknown } | { closed: string };

/**
 * A worker that answers each connection with the next outcome: a reply, or the port closing with
 * the browser's error (the worker not listening yet, or stopped mid-request).
 */
export function scriptPorts(...outcomes: Outcome[]) {
  const asked: unknown[] = [];
  const spy = vi.spyOn(browser.runtime, 'connect').mockImplementation(((info?: {
    name?: string;
  }) => {
    const outcome = outcomes.shift() ?? { closed: 'No more outcomes scripted.' };
    const outside: FakePort = fakePort(info?.name ?? '', undefined, () => ({
      port: outside.port,
      sent: [],
      deliver(message) {
        asked.push(message);
        if ('reply' in outcome) queueMicrotask(() => outside.deliver(outcome.reply));
        else queueMicrotask(() => outside.close(outcome.closed));
      },
      close() {},
    }));
    return outside.port;
  }) as typeof browser.runtime.connect);
  return { spy, asked };
}
