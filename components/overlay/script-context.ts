import { browser } from 'wxt/browser';

/**
 * What the register content script needs to know about its own life: whether it still belongs
 * to a running extension (an update or reload leaves the old copy running in open pages, cut off
 * from the worker), and a call when it should take everything of its own off the page. WXT's
 * content-script context does this and much we never use (a location watcher, timers, a logger:
 * about 1 KB gzipped in a script every MIS page loads), so the content script is an unlisted
 * script with this in its place.
 */
export interface ScriptContext {
  /** True once the extension is gone, or a newer copy of this script started in the page. */
  readonly isInvalid: boolean;
  /** Called once, when the script becomes invalid. */
  onInvalidated(callback: () => void): void;
}

export function scriptContext(
  doc: Document = document,
  extensionId: () => string | undefined = () => browser.runtime?.id,
): ScriptContext {
  const callbacks: (() => void)[] = [];
  let invalid = false;
  // A newer copy of this script in the same page (the extension was reloaded and its script
  // injected again) says so with this event; the older copy then steps aside. The event name
  // carries the extension's id; its detail tells our own announcement from another's.
  const started = `register-lens:${extensionId() ?? ''}:started`;
  const me = Math.random().toString(36).slice(2);
  const invalidate = () => {
    if (invalid) return;
    invalid = true;
    doc.removeEventListener(started, onStarted);
    for (const callback of callbacks.splice(0)) {
      try {
        callback();
      } catch {
        // Tearing down must never throw into the page.
      }
    }
  };
  const onStarted = (event: Event) => {
    if ((event as CustomEvent<unknown>).detail !== me) invalidate();
  };
  doc.dispatchEvent(new CustomEvent(started, { detail: me }));
  doc.addEventListener(started, onStarted);
  return {
    get isInvalid() {
      if (!invalid && !extensionId()) invalidate();
      return invalid;
    },
    onInvalidated(callback) {
      if (invalid) callback();
      else callbacks.push(callback);
    },
  };
}
