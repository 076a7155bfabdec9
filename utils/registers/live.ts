import type { Reading } from './schema';
import type { ReadResult } from './types';

/**
 * Live reading in the content script (the one non-pure module of the reader): reads the register
 * when it appears, again on in-app navigation and on changes, tells the overlay, and hands the
 * marks over when the user saves. It never throws into the page and never changes the page.
 */

/**
 * What may be stored from a reading (CONTRACTS.md §2): read-only marks always; editable marks
 * only when the user saved the register or the page says it is taken. A prefilled "Present" on an
 * untaken register is shown, never stored.
 */
export function marksToStore(reading: Reading, { saved }: { saved: boolean }): Reading {
  const keepEditable = saved || reading.taken === true;
  return {
    ...reading,
    pupils: reading.pupils
      .map((p) => ({ ...p, marks: p.marks.filter((m) => !m.editable || keepEditable) }))
      .filter((p) => p.marks.length > 0),
  };
}

export interface LiveReaderOptions {
  document: Document;
  /** The page address now (SPAs change it without reloading). Defaults to `location.href`. */
  url?: () => string;
  /** The reader, e.g. `(doc, url) => readRegister(doc, url, { mapping, siteMapping })`. */
  read: (root: Document, url: string) => ReadResult;
  /** Every new result (only when it differs from the last one). */
  onReading: (result: ReadResult, url: string) => void;
  /** The user saved the register: the reading taken at that moment, marks as the page had them. */
  onSaved?: (reading: Reading, url: string) => void;
  /** Time budget per read in ms; slower reads back off the debounce (default 50). */
  budgetMs?: number;
  /** Debounce for DOM changes in ms (default 150). */
  debounceMs?: number;
  /** Our own UI (the overlay's shadow host): its mutations and clicks are ignored. */
  ignore?: Element | null;
  /** Errors inside the reader; never rethrown into the page. */
  onError?: (error: unknown) => void;
}

export interface LiveReader {
  stop(): void;
  /** Reads now (skipping the debounce) and returns the result, or null after stop(). */
  readNow(): ReadResult | null;
}

const SAVE_WORDS = /\b(save|submit|finish|complete|confirm)\b/i;
const NOT_SAVE = /\b(unsaved|draft|cancel|mark all|set all)\b/i;
const WATCHED_ATTRIBUTES = [
  'aria-pressed',
  'aria-checked',
  'aria-selected',
  'checked',
  'selected',
  'value',
  'hidden',
  'style',
  'title',
  'aria-label',
  'class',
];

function controlText(el: Element): string {
  const value = el.tagName === 'INPUT' ? ((el as HTMLInputElement).value ?? '') : '';
  return `${el.getAttribute('aria-label') ?? ''} ${el.textContent ?? ''} ${value} ${el.getAttribute('name') ?? ''} ${el.id}`;
}

/** The page's own save/submit control, by what it says (text, label, value), not how it looks. */
export function isSaveControl(el: Element): boolean {
  const control = el.closest(
    'button,input[type=submit],input[type=button],[role=button],a[role=button]',
  );
  if (!control) return false;
  const text = controlText(control);
  if (NOT_SAVE.test(text)) return false;
  if (control.matches('button[type=submit],input[type=submit]') && control.closest('form')) {
    return SAVE_WORDS.test(text) || /\bregister\b/i.test(text);
  }
  return SAVE_WORDS.test(text);
}

export function startLiveReader(options: LiveReaderOptions): LiveReader {
  const doc = options.document;
  const win = doc.defaultView;
  const budget = options.budgetMs ?? 50;
  const baseDelay = options.debounceMs ?? 150;
  const url = options.url ?? (() => doc.location?.href ?? '');
  let delay = baseDelay;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let lastJson = '';
  let lastSavedAt = -Infinity;
  let last: ReadResult | null = null;

  const safe = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (e) {
      try {
        options.onError?.(e);
      } catch {
        // The error handler itself failed; the page must still not see it.
      }
      return fallback;
    }
  };
  const now = () => (win?.performance ?? performance).now();
  const ours = (node: Node | null) => !!(node && options.ignore && options.ignore.contains(node));

  const readNow = (): ReadResult | null => {
    if (stopped) return null;
    return safe(() => {
      const started = now();
      const href = url();
      const result = options.read(doc, href);
      const took = now() - started;
      // Slow pages (huge grids) are read less often rather than making typing lag.
      delay = took > budget ? Math.min(delay * 2, 2000) : baseDelay;
      last = result;
      const json = JSON.stringify(result);
      if (json !== lastJson) {
        lastJson = json;
        options.onReading(result, href);
      }
      return result;
    }, null);
  };

  const schedule = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      readNow();
    }, delay);
  };

  const saved = () =>
    safe(() => {
      // A click on a submit button is followed by the form's submit: one save, not two.
      const t = now();
      if (t - lastSavedAt < 1000) return;
      lastSavedAt = t;
      const result = readNow() ?? last;
      if (result?.ok && options.onSaved) options.onSaved(result.reading, url());
    }, undefined);

  const observer = win?.MutationObserver
    ? new win.MutationObserver((records) =>
        safe(() => {
          if (records.every((r) => ours(r.target))) return;
          schedule();
        }, undefined),
      )
    : null;
  safe(
    () =>
      observer?.observe(doc.documentElement, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
        attributeFilter: WATCHED_ATTRIBUTES,
      }),
    undefined,
  );

  const onChange = (e: Event) =>
    safe(() => (ours(e.target as Node) ? undefined : schedule()), undefined);
  const onSubmit = (e: Event) =>
    safe(() => (ours(e.target as Node) ? undefined : saved()), undefined);
  const onClick = (e: Event) =>
    safe(() => {
      const target = e.target as Element | null;
      if (!target || ours(target) || typeof target.closest !== 'function') return;
      if (isSaveControl(target)) saved();
      else schedule();
    }, undefined);
  const onNavigate = () => safe(() => schedule(), undefined);

  doc.addEventListener('change', onChange, true);
  doc.addEventListener('input', onChange, true);
  doc.addEventListener('submit', onSubmit, true);
  doc.addEventListener('click', onClick, true);
  win?.addEventListener('hashchange', onNavigate);
  win?.addEventListener('popstate', onNavigate);
  if (doc.readyState === 'loading')
    doc.addEventListener('DOMContentLoaded', onNavigate, { once: true });
  else readNow();

  return {
    readNow,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      safe(() => observer?.disconnect(), undefined);
      doc.removeEventListener('change', onChange, true);
      doc.removeEventListener('input', onChange, true);
      doc.removeEventListener('submit', onSubmit, true);
      doc.removeEventListener('click', onClick, true);
      win?.removeEventListener('hashchange', onNavigate);
      win?.removeEventListener('popstate', onNavigate);
    },
  };
}
