import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach } from 'vitest';

/**
 * Renders components into the document for a test file, each test's tree removed after it.
 * Returns the mount: it renders, lets Preact settle and gives back the container.
 */
export function mounter(): (node: ComponentChild) => Promise<HTMLElement> {
  let container: HTMLElement | null = null;
  afterEach(() => {
    if (container) render(null, container);
    container?.remove();
    container = null;
  });
  return async (node) => {
    const el = document.createElement('div');
    document.body.append(el);
    await act(() => render(node, el));
    container = el;
    return el;
  };
}

/** Lets promises and Preact's scheduled renders run until the UI stops changing. */
export async function settle(times = 8): Promise<void> {
  for (let i = 0; i < times; i++) await act(() => new Promise((r) => setTimeout(r, 5)));
}
