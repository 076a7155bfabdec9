/**
 * The overlay's one host element: a custom element at the end of the page's body with an open
 * shadow root holding our stylesheet and a container to render into. The page's styles stop at
 * the shadow boundary, and `:host { all: initial }` keeps inherited ones (font, colour, line
 * height) from leaking in. Written here rather than taken from WXT's createShadowRootUi, which
 * brings anchor waiting, auto-mounting and CSS fetching the overlay never uses (about 3 KB
 * gzipped in a script every MIS page loads).
 */
export interface ShadowHost {
  host: HTMLElement;
  shadow: ShadowRoot;
  /** Where the overlay renders. */
  container: HTMLElement;
  /** Puts the host at the end of the page's body, once; later calls do nothing. */
  attach(): void;
  /** Takes the host out of the page; safe to call more than once. */
  remove(): void;
}

/**
 * The host, made but not yet in the page: the content script makes it at once (so the live
 * reader knows what to ignore) and attaches it only when the overlay is wanted, so a page
 * without a register carries nothing of ours.
 */
export function createShadowHost(doc: Document, name: string, css: string): ShadowHost {
  const host = doc.createElement(name);
  // Open, so the page's own accessibility tools and the e2e tests can see into it.
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = `:host{all:initial !important;}\n${css}`;
  const container = doc.createElement('div');
  shadow.append(style, container);
  let attached = false;
  return {
    host,
    shadow,
    container,
    attach() {
      if (attached) return;
      attached = true;
      doc.body.append(host);
    },
    remove() {
      host.remove();
      container.replaceChildren();
    },
  };
}

/** The host, in the page at once. */
export function mountShadowHost(doc: Document, name: string, css: string): ShadowHost {
  const ui = createShadowHost(doc, name, css);
  ui.attach();
  return ui;
}
