import { browser, type Browser } from 'wxt/browser';
import {
  broadcastSchema,
  contentReplySchemaFor,
  failure,
  replySchemaFor,
  requestSchema,
  startTeachSchema,
  type Broadcast,
  type ContentRequestType,
  type Failure,
  type ReplyOf,
  type Request,
  type RequestOf,
  type RequestType,
  type Success,
} from './protocol';

/**
 * The only module that calls runtime.connect / onConnect / sendMessage / onMessage.
 *
 * Requests travel over a port, one per request, not `runtime.sendMessage`: a register page
 * navigates away the moment the tutor saves, with the reading's reply still on its way. A
 * `sendMessage` promise pending when its context unloads is rejected by the browser itself, and
 * Firefox logs that as an error of the extension ("Promise rejected after context unloaded"). A
 * port has no promise to reject: the page goes, the port closes, and the worker, which already
 * has the message, finishes the write. Broadcasts from the worker still use `sendMessage`.
 */
export const REQUEST_PORT = 'register-lens:request';

export type Sender = Browser.runtime.MessageSender;

const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const NOT_DELIVERED = /Receiving end does not exist|Could not establish connection/i;
const DELIVERY_RETRIES = [50, 150, 400];

type Asked = { reply: unknown } | { error: string };

/** One request over its own port: the reply, or why the port closed without one. */
function askOverPort(request: Request): Promise<Asked> {
  return new Promise((resolve) => {
    let settled = false;
    let port: Browser.runtime.Port;
    const settle = (outcome: Asked) => {
      if (settled) return;
      settled = true;
      try {
        port.disconnect();
      } catch {
        // Already closed by the other side.
      }
      resolve(outcome);
    };
    try {
      port = browser.runtime.connect({ name: REQUEST_PORT });
    } catch (error) {
      resolve({ error: message(error) });
      return;
    }
    port.onMessage.addListener((reply: unknown) => settle({ reply }));
    port.onDisconnect.addListener(
      (closed: Browser.runtime.Port & { error?: { message?: string } }) =>
        settle({
          // Chrome says why in lastError, Firefox on the port.
          error:
            browser.runtime.lastError?.message ??
            closed.error?.message ??
            'The port closed before a reply was received.',
        }),
    );
    try {
      port.postMessage(request);
    } catch (error) {
      settle({ error: message(error) });
    }
  });
}

/** Sends a request to the worker and returns its typed reply; never throws. */
export async function sendToBackground<T extends RequestType>(
  request: RequestOf<T>,
): Promise<ReplyOf<T>> {
  const checked = requestSchema.safeParse(request);
  if (!checked.success) return failure(`Not a valid message: ${checked.error.message}`);
  return ask(checked.data, replySchemaFor(request.type as T)) as Promise<ReplyOf<T>>;
}

/**
 * The content script's client: the same port and retries, every reply parsed with its schema
 * (`contentReplySchemas`), but the request is not parsed before it goes. The worker parses
 * every request it receives, and a request schema here would put the schemas of every message
 * the content script only sends (and of the pages' messages) in a script every MIS page loads.
 */
export async function sendFromContent<T extends ContentRequestType>(
  request: RequestOf<T>,
): Promise<ReplyOf<T>> {
  return ask(request, contentReplySchemaFor((request as { type: T }).type)) as Promise<ReplyOf<T>>;
}

async function ask(
  request: Request,
  replySchema: {
    safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: Error };
  },
): Promise<unknown> {
  let reply: unknown;
  for (let attempt = 0; ; attempt++) {
    const asked = await askOverPort(request);
    if ('reply' in asked) {
      reply = asked.reply;
      break;
    }
    // "Receiving end does not exist": the worker is waking and has not added its listener
    // yet. The message was never delivered, so sending it again cannot do anything twice.
    if (NOT_DELIVERED.test(asked.error) && attempt < DELIVERY_RETRIES.length) {
      await defaultSleep(DELIVERY_RETRIES[attempt]!);
      continue;
    }
    // The worker was stopped, is starting, or dropped the port mid-write: worth another go.
    return failure(`No answer from the background: ${asked.error}`, true);
  }
  if (reply === undefined || reply === null) return failure('No answer from the background.', true);
  const parsed = replySchema.safeParse(reply);
  if (!parsed.success) return failure(`Unexpected reply: ${parsed.error.message}`);
  return parsed.data;
}

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Sends a reading until the worker acknowledges it, backing off between tries. Safe to repeat:
 * the store's writes are idempotent, so a reading written just before the worker stopped is
 * simply found unchanged the next time.
 */
export async function sendReading(
  request: Omit<RequestOf<'content:reading'>, 'type'>,
  options: RetryOptions = {},
): Promise<ReplyOf<'content:reading'>> {
  const { attempts = 8, baseDelayMs = 100, maxDelayMs = 4000, sleep = defaultSleep } = options;
  let last: Failure = failure('Not sent.');
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
    const reply = await sendFromContent({ type: 'content:reading', ...request });
    if (reply.ok || !reply.retry) return reply;
    last = reply;
  }
  return last;
}

// The background side.

export type Handlers = {
  [T in RequestType]: (request: RequestOf<T>, sender: Sender) => Promise<Success<T>>;
};

export interface SenderPolicy {
  /** This extension's id (`browser.runtime.id`). */
  extensionId: string;
  /** The origin of this extension's pages (`browser.runtime.getURL('/')`). */
  extensionOrigin: string;
  /** Whether a content script on this address may talk to us (an enabled site or the demo). */
  contentUrlAllowed(url: string): Promise<boolean>;
}

const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * Why a sender may not send this message, or null when it may. Only this extension's own
 * contexts get through: its pages for `panel:`/`options:`, its content scripts in a tab on an
 * enabled site for `content:` (and only about the page they are on).
 */
export async function refusal(
  raw: unknown,
  sender: Sender,
  policy: SenderPolicy,
): Promise<string | null> {
  if (!sender || sender.id !== policy.extensionId) return 'sender is not this extension';
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : null;
  if (typeof type !== 'string') return null; // malformed: the parse will say why
  const senderUrl = sender.url ?? sender.tab?.url ?? '';
  if (type.startsWith('content:')) {
    if (!sender.tab || !senderUrl) return 'content messages must come from a tab';
    if (originOf(senderUrl) === originOf(policy.extensionOrigin)) {
      return 'content messages must come from a register page';
    }
    if (!(await policy.contentUrlAllowed(senderUrl))) return 'this address is not an enabled site';
    const claimed = (raw as { url?: unknown }).url;
    if (typeof claimed === 'string' && originOf(claimed) !== originOf(senderUrl)) {
      return 'a content script may only report the page it is on';
    }
    return null;
  }
  if (type.startsWith('panel:') || type.startsWith('options:')) {
    if (originOf(senderUrl) !== originOf(policy.extensionOrigin)) {
      return 'page messages must come from an extension page';
    }
    return null;
  }
  return null;
}

/**
 * Checks, parses and answers one request. Never throws: every failure becomes
 * `{ ok: false, error, retry }`.
 */
export async function handleRequest(
  raw: unknown,
  sender: Sender,
  handlers: Handlers,
  policy: SenderPolicy,
): Promise<ReplyOf<RequestType>> {
  try {
    const refused = await refusal(raw, sender, policy);
    if (refused) return failure(`Refused: ${refused}.`);
    const parsed = requestSchema.safeParse(raw);
    if (!parsed.success) return failure(`Not a valid message: ${parsed.error.message}`);
    const request: Request = parsed.data;
    const handler = handlers[request.type] as (r: Request, s: Sender) => Promise<unknown>;
    return (await handler(request, sender)) as ReplyOf<RequestType>;
  } catch (error) {
    // Storage errors (a transaction aborted, the database closing) pass; the sender may retry.
    return failure(message(error), true);
  }
}

/** Registers the worker's one request listener. Call synchronously at the worker's top level. */
export function onMessage(handlers: Handlers, policy: SenderPolicy): () => void {
  const listener = (port: Browser.runtime.Port) => {
    if (port.name !== REQUEST_PORT) return;
    port.onMessage.addListener((raw: unknown) => {
      void handleRequest(raw, port.sender ?? {}, handlers, policy).then((reply) => {
        try {
          port.postMessage(reply);
        } catch {
          // The asker has gone (its page navigated or closed); what was asked is done.
        }
      });
    });
  };
  browser.runtime.onConnect.addListener(listener);
  return () => browser.runtime.onConnect.removeListener(listener);
}

/** The policy of the running extension. */
export function extensionPolicy(
  contentUrlAllowed: SenderPolicy['contentUrlAllowed'],
): SenderPolicy {
  return {
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    contentUrlAllowed,
  };
}

/** Tells open extension pages something changed. No page open is not an error. */
export async function broadcast(message: Broadcast): Promise<void> {
  try {
    await browser.runtime.sendMessage(broadcastSchema.parse(message));
  } catch {
    // "Receiving end does not exist": nobody is listening right now, which is fine.
  }
}

/** For extension pages: hear the worker's broadcasts. Returns the unsubscribe. */
export function onBroadcast(handler: (message: Broadcast) => void): () => void {
  const listener = (raw: unknown, sender: Sender) => {
    if (sender?.id !== browser.runtime.id) return false;
    const parsed = broadcastSchema.safeParse(raw);
    if (parsed.success) handler(parsed.data);
    return false;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

// The worker and one tab's content script (the other way round from requests).

/**
 * The worker asks the content script of a tab's top frame to open teach mode, and parses its
 * answer. A tab with no content script of ours (not an enabled site, or not loaded yet) is
 * answered with a failure that says so; nothing throws.
 */
export async function startTeachInTab(
  tabId: number,
): Promise<Success<'panel:start-teach'> | Failure> {
  let raw: unknown;
  try {
    raw = await browser.tabs.sendMessage(
      tabId,
      startTeachSchema.parse({ type: 'background:start-teach' }),
      {
        frameId: 0,
      },
    );
  } catch {
    return failure(
      'Register Lens is not reading the page in this tab: open it on a site enabled in the options, and let the page finish loading.',
    );
  }
  const parsed = replySchemaFor('panel:start-teach').safeParse(raw);
  return parsed.success ? parsed.data : failure('No answer from the page in this tab.');
}

/**
 * For the register content script: open teach mode when this extension's worker asks. Anything
 * else (a message of another shape, from anywhere else) is left unanswered. `open` resolves to
 * whether teach mode opened. Returns the unsubscribe.
 */
export function onStartTeach(open: () => Promise<boolean>): () => void {
  const listener = (raw: unknown, sender: Sender, respond: (reply: unknown) => void) => {
    if (sender?.id !== browser.runtime.id || sender.tab || !startTeachSchema.safeParse(raw).success)
      return false;
    const no = failure('Register Lens could not open teach mode on this page.');
    // Answered through `respond` (true keeps the channel open): Chrome does not take a promise.
    open().then(
      (opened) => respond(opened ? { ok: true } : no),
      () => respond(no),
    );
    return true;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
