import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOverlay, type OverlayController } from '../../../components/overlay/controller';
import type { BadgeInput } from '../../../components/overlay/model';
import { figures } from './fixtures';

const XSS = '<img src=x onerror=alert(1)>';
// Signals re-render on the next tick.
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function mis(names: string[]): HTMLElement {
  const table = document.createElement('table');
  for (const name of names) {
    const row = table.insertRow();
    row.insertCell().textContent = name;
    const select = document.createElement('select');
    for (const [value, text] of [
      ['/', '/ Present'],
      ['N', 'N No reason yet'],
    ]) {
      const option = document.createElement('option');
      option.value = value!;
      option.textContent = text!;
      select.append(option);
    }
    select.value = 'N';
    row.insertCell().append(select);
  }
  document.body.append(table);
  return table;
}

const badge = (name: string, over: Partial<BadgeInput> = {}): BadgeInput => ({
  key: `k:${name}`,
  name,
  figures: figures(),
  flags: [{ id: 'unresolved-reason', severity: 'high', reason: '2 N marks', evidence: [] }],
  ...over,
});

describe('the overlay controller', () => {
  let container: HTMLElement;
  let overlay: OverlayController;
  let changes: object[];

  beforeEach(() => {
    document.body.replaceChildren();
    container = document.createElement('div');
    changes = [];
  });
  afterEach(() => overlay?.destroy());

  function start(names: string[], opts: { privacy?: boolean } = {}) {
    const table = mis(names);
    document.body.append(container);
    let row = 0;
    overlay = createOverlay({
      container,
      document,
      host: container,
      onChange: (change) => changes.push(change),
      // happy-dom has no layout: give every name a box of its own.
      measure: () => ({
        top: 20 * row,
        bottom: 20 * row++ + 18,
        right: 150,
        height: 18,
        width: 100,
      }),
      ...opts,
    });
    return table;
  }

  it('should draw a badge for every pupil with the band and top flag in words', async () => {
    start(['Ada Example', 'Bo Example']);
    overlay.show([
      badge('Ada Example'),
      badge('Bo Example', { figures: figures({ band: 'none' }), flags: [] }),
    ]);
    await flush();
    const buttons = [...container.querySelectorAll('.rl-badge')];
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Ada Example: Persistent, Unexplained absence',
      'Bo Example: Attending well',
    ]);
    expect(buttons[0]!.textContent).toBe('▲Persistent · Unexplained absence');
  });

  it('should describe each badge by its tooltip in counts', async () => {
    start(['Ada Example']);
    overlay.show([badge('Ada Example')]);
    await flush();
    const button = container.querySelector('.rl-badge')!;
    const tip = container.querySelector(`#${button.getAttribute('aria-describedby')}`)!;
    expect(tip.getAttribute('role')).toBe('tooltip');
    expect(tip.textContent).toContain('21 present sessions to get back under 10%');
  });

  it('should keep every badge when the page re-renders its rows before the next reading', async () => {
    const table = start(['Ada Example', 'Bo Example']);
    overlay.show([badge('Ada Example'), badge('Bo Example')]);
    await flush();
    // A single-page app swaps its rows for fresh copies: the names we found are detached.
    table.replaceWith(table.cloneNode(true));
    overlay.reposition();
    await flush();
    expect(container.querySelectorAll('.rl-badge')).toHaveLength(2);
  });

  it('should leave the page, its rows and its form values exactly as they were', async () => {
    const table = start(['Ada Example']);
    const before = table.outerHTML;
    overlay.show([badge('Ada Example')]);
    await flush();
    expect(table.outerHTML).toBe(before);
    expect(table.querySelector('select')!.value).toBe('N');
  });

  it('should render a name containing markup as text', async () => {
    start([XSS]);
    overlay.show([badge(XSS)]);
    await flush();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.rl-badge')!.getAttribute('aria-label')).toContain(XSS);
  });

  it('should turn badges into neutral dots without names under the privacy screen', async () => {
    start(['Ada Example'], { privacy: true });
    overlay.show([badge('Ada Example')]);
    await flush();
    expect(container.querySelector('.rl-badge')).toBeNull();
    expect(container.querySelectorAll('.rl-dot')).toHaveLength(1);
    expect(container.textContent).not.toContain('Ada');
    expect(container.textContent).not.toContain('Persistent');
  });

  it('should hide every badge with the one toggle and report the choice', async () => {
    start(['Ada Example']);
    overlay.show([badge('Ada Example')]);
    await flush();
    const toggle = [...container.querySelectorAll('button')].find(
      (b) => b.textContent === 'Badges',
    )!;
    toggle.click();
    await flush();
    expect(container.querySelectorAll('.rl-badge')).toHaveLength(0);
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(changes).toEqual([{ enabled: false }]);
  });

  it('should toggle the privacy screen with Alt+Shift+P', async () => {
    start(['Ada Example']);
    overlay.show([badge('Ada Example')]);
    await flush();
    document.dispatchEvent(
      new KeyboardEvent('keydown', { code: 'KeyP', altKey: true, shiftKey: true, bubbles: true }),
    );
    expect(overlay.privacy).toBe(true);
    expect(changes).toEqual([{ privacy: true }]);
  });

  it('should open a tooltip on focus and close it with Escape', async () => {
    start(['Ada Example']);
    overlay.show([badge('Ada Example')]);
    await flush();
    const button = container.querySelector<HTMLButtonElement>('.rl-badge')!;
    button.focus();
    await flush();
    const tip = () => container.querySelector('[role="tooltip"]')!;
    expect(tip().hasAttribute('hidden')).toBe(false);
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await flush();
    expect(tip().hasAttribute('hidden')).toBe(true);
  });

  it('should offer teach mode only when the page has no register', async () => {
    let taught = 0;
    document.body.append(container);
    overlay = createOverlay({ container, document, onTeach: () => taught++ });
    overlay.setStatus('no-register');
    await flush();
    const teach = [...container.querySelectorAll('button')].find((b) =>
      b.textContent?.startsWith('Teach'),
    )!;
    teach.click();
    expect(taught).toBe(1);
  });
});
