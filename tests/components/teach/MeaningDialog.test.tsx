import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountMeaningDialog } from '../../../components/teach/mount';
import type { AskedLabel } from '../../../utils/registers/meaning';

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
  document.body.replaceChildren();
});

const label = (raw: string, why: AskedLabel['why'], suggestion: string | null): AskedLabel => ({
  raw,
  count: 2,
  why,
  current: null,
  suggestion,
  pageSays: suggestion ? 'Present' : null,
  date: '2026-01-20',
});

async function setUp(labels: AskedLabel[]) {
  const host = document.createElement('div');
  document.body.append(host);
  const onSave = vi.fn();
  const onCancel = vi.fn();
  await act(async () => {
    unmount = mountMeaningDialog(host, { labels, onSave, onCancel });
  });
  const button = (name: string) =>
    Array.from(host.querySelectorAll('button')).find((b) => b.textContent === name)!;
  return { host, onSave, onCancel, button };
}

describe('the "what does this mean?" list on its own', () => {
  it('should start from what the page suggests and put focus on the first question', async () => {
    const { host } = await setUp([label('P', 'foreign', '/'), label('A', 'unmapped', null)]);
    const selects = host.querySelectorAll('select');
    expect(Array.from(selects).map((s) => s.value)).toEqual(['/', '']);
    expect(document.activeElement).toBe(selects[0]);
    expect(host.textContent).toContain('The page’s key says “Present”');
  });

  it('should label each question with its mark and describe why it is asked', async () => {
    const { host } = await setUp([label('A', 'unmapped', null)]);
    const select = host.querySelector('select')!;
    expect(host.querySelector(`label[for="${select.id}"]`)?.textContent).toBe('“A”');
    const hint = document.getElementById(select.getAttribute('aria-describedby')!);
    expect(hint?.textContent).toContain('2 marks: no code yet, so not counted');
  });

  it('should save a foreign letter left "not sure" as mapping to no code, never as the English code', async () => {
    const { button, onSave } = await setUp([
      label('T', 'foreign', null),
      label('P', 'foreign', '/'),
    ]);
    await act(async () => button('Save mappings').click());
    expect(onSave).toHaveBeenCalledWith([
      { raw: 'T', code: null },
      { raw: 'P', code: '/' },
    ]);
  });

  it('should keep Save disabled while nothing is answered, and close on Escape', async () => {
    const { host, button, onCancel } = await setUp([
      label('Absent: Family', 'needs-mapping', null),
    ]);
    expect(button('Save mappings').disabled).toBe(true);
    await act(async () => {
      host
        .querySelector('select')!
        .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(onCancel).toHaveBeenCalled();
  });
});
