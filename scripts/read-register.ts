import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Window } from 'happy-dom';
import { readRegister } from '../utils/registers/read';

/**
 * `npm run -s read-register -- page.html [--url URL]` (CONTRACTS.md §2): loads a saved page into
 * happy-dom, lets its own scripts run until it settles, and runs the very reader the content
 * script runs. Exit 2 with `adapter: null` when the page holds no register.
 */

export interface LoadedPage {
  window: Window;
  document: Document;
  close(): Promise<void>;
}

/**
 * A saved page in happy-dom with its inline scripts running and nothing fetched: subresources
 * are not loaded (a saved page's scripts and styles point at servers we must not call).
 */
export async function loadPage(
  html: string,
  url: string,
  { capMs = 5000, quietMs = 80 }: { capMs?: number; quietMs?: number } = {},
): Promise<LoadedPage> {
  const window: Window = new Window({
    url,
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      enableImageFileLoading: false,
      handleDisabledFileLoadingAsSuccess: true,
      disableComputedStyleRendering: true,
      navigation: {
        disableMainFrameNavigation: true,
        disableChildFrameNavigation: true,
        disableChildPageNavigation: true,
        disableFallbackToSetURL: true,
      },
      timer: {
        maxTimeout: capMs,
        maxIntervalTime: 1000,
        maxIntervalIterations: 20,
        preventTimerLoops: true,
      },
      fetch: {
        interceptor: {
          // A saved page must not reach the network: every request answers 404 locally.
          beforeAsyncRequest: async ({ window: w }) => new w.Response('', { status: 404 }),
          beforeSyncRequest: () =>
            ({
              status: 404,
              statusText: 'Not Found',
              ok: false,
              url: '',
              redirected: false,
              headers: new Headers(),
              body: Buffer.alloc(0),
            }) as never,
        },
      },
    },
  });
  const document = window.document as unknown as Document;
  document.write(html);
  fixParsedSelects(document);
  await settle(window, { capMs, quietMs });
  return { window, document, close: () => window.happyDOM.close() };
}

/**
 * happy-dom 20's parser leaves the wrong option selected (`selected` attributes are ignored).
 * A browser selects the option marked `selected`, else the first; this puts that right before
 * any reader looks. Only the loading of saved pages needs it: live pages run in real browsers.
 */
export function fixParsedSelects(document: Document): void {
  for (const sel of Array.from(document.querySelectorAll('select'))) {
    const options = Array.from(sel.options);
    const marked = options.findIndex((o) => o.hasAttribute('selected'));
    if (marked >= 0) sel.selectedIndex = marked;
    else if (!sel.multiple && options.length) sel.selectedIndex = 0;
  }
}

/** Waits for the page's timers and tasks, then for the DOM to stay quiet, within a cap. */
export async function settle(
  window: Window,
  { capMs = 5000, quietMs = 80 }: { capMs?: number; quietMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + capMs;
  const cap = new Promise<void>((r) => setTimeout(r, capMs));
  await Promise.race([window.happyDOM.waitUntilComplete(), cap]);
  let last = Date.now();
  const observer = new window.MutationObserver(() => {
    last = Date.now();
  });
  observer.observe(window.document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
  while (Date.now() < deadline && Date.now() - last < quietMs) {
    await new Promise((r) => setTimeout(r, quietMs / 2));
    await Promise.race([window.happyDOM.waitUntilComplete(), cap]);
  }
  observer.disconnect();
}

/** The CLI's JSON: the reading in contract key order, or `adapter: null` when there is none. */
export function cliOutput(result: ReturnType<typeof readRegister>): unknown {
  if (!result.ok) {
    return {
      adapter: null,
      group: null,
      date: null,
      session: null,
      taken: null,
      pupils: [],
      warnings: [result.reason],
    };
  }
  const r = result.reading;
  return {
    adapter: r.adapter,
    group: r.group,
    date: r.date,
    session: r.session,
    taken: r.taken,
    pupils: r.pupils.map((p) => ({
      key: p.key,
      name: p.name,
      marks: p.marks.map((m) => ({
        date: m.date,
        session: m.session,
        raw: m.raw,
        code: m.code,
        ...(m.reason !== undefined ? { reason: m.reason } : {}),
        editable: m.editable,
      })),
    })),
    warnings: r.warnings,
  };
}

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  let url: string | undefined;
  const files: string[] = [];
  while (args.length) {
    const a = args.shift()!;
    if (a === '--url') {
      url = args.shift();
      if (!url) {
        process.stderr.write('read-register: --url needs an address\n');
        return 1;
      }
    } else if (a.startsWith('--url=')) url = a.slice(6);
    else if (a.startsWith('-')) {
      process.stderr.write(`read-register: unknown option ${a}\n`);
      return 1;
    } else files.push(a);
  }
  if (files.length !== 1) {
    process.stderr.write('read-register: usage: read-register <page.html> [--url URL]\n');
    return 1;
  }
  const path = resolve(files[0]!);
  let html: string;
  try {
    html = readFileSync(path, 'utf8');
  } catch (e) {
    process.stderr.write(`read-register: cannot read ${files[0]}: ${(e as Error).message}\n`);
    return 1;
  }
  const page = await loadPage(html, url ?? pathToFileURL(path).href);
  try {
    const result = readRegister(page.document, url ?? pathToFileURL(path).href);
    process.stdout.write(`${JSON.stringify(cliOutput(result), null, 2)}\n`);
    if (!result.ok) {
      process.stderr.write(`read-register: ${result.reason}\n`);
      return 2;
    }
    return 0;
  } finally {
    await page.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`read-register: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
