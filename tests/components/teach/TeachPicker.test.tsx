import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountTeachPicker } from '../../../components/teach/mount';

const html = readFileSync(
  resolve(import.meta.dirname, '../../registers/fixtures/taught-roll.html'),
  'utf8',
);
const URL = 'https://roll.example.sch.uk/forms/7/roll';

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
  document.body.replaceChildren();
});

async function setUp() {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.body.replaceChildren(
    ...Array.from(parsed.body.childNodes).map((n) => document.importNode(n, true)),
  );
  const host = document.createElement('div');
  document.body.appendChild(host);
  const onSave = vi.fn();
  const onCancel = vi.fn();
  await act(async () => {
    unmount = mountTeachPicker(host, { page: document, url: URL, host, onSave, onCancel });
  });
  return { host, onSave, onCancel };
}

const click = (el: Element) =>
  act(async () => {
    el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  });

describe('the teach-mode picker', () => {
  it('should ask for a name, then a mark, then preview the whole register and save it', async () => {
    const { host, onSave } = await setUp();
    expect(host.textContent).toContain("Click a pupil's name");
    await click(document.querySelector('#roll .who')!);
    expect(host.textContent).toContain('Picked: “LOVELACE A”');
    await click(document.querySelector('#roll b')!);
    const rows = host.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(4);
    expect(host.textContent).toContain('1 mark has no code yet');
    const save = Array.from(host.querySelectorAll('button')).find((b) => b.textContent === 'Save')!;
    await click(save);
    expect(onSave).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'register-lens/taught-layout' }),
      [],
    );
  });

  it('should ask what an unmapped mark means, preview the answer and save it with the layout', async () => {
    const { host, onSave } = await setUp();
    await click(document.querySelector('#roll .who')!);
    await click(document.querySelector('#roll b')!);
    const select = host.querySelector<HTMLSelectElement>('.rl-meaning select')!;
    expect(host.querySelector('.rl-meaning label')?.textContent).toBe('“Off site”');
    expect(Array.from(select.querySelectorAll('optgroup')).map((g) => g.label)).toContain(
      'Approved educational activity (counts as present)',
    );

    await act(async () => {
      select.value = 'B';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });

    const codes = Array.from(host.querySelectorAll('.rl-teach__preview tbody tr td:last-child'));
    expect(codes.map((c) => c.textContent)).toEqual(['/', 'I', 'L', 'B']);
    const save = Array.from(host.querySelectorAll('button')).find((b) => b.textContent === 'Save')!;
    await click(save);
    expect(onSave).toHaveBeenCalledWith(expect.anything(), [{ raw: 'Off site', code: 'B' }]);
  });

  it('should keep Save disabled until there is a preview, and cancel on request', async () => {
    const { host, onCancel } = await setUp();
    const buttons = Array.from(host.querySelectorAll('button'));
    expect(buttons.find((b) => b.textContent === 'Save')!.disabled).toBe(true);
    await click(buttons.find((b) => b.textContent === 'Cancel')!);
    expect(onCancel).toHaveBeenCalled();
  });

  it('should not take clicks inside its own panel as picks', async () => {
    const { host } = await setUp();
    await click(host.querySelector('h2')!);
    expect(host.textContent).not.toContain('Picked:');
  });
});
