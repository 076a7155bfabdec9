import { signal } from '@preact/signals';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountMappingNotice } from '../../../components/overlay/MappingNotice';

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
  document.body.replaceChildren();
});

async function setUp(count: number, labels: string[]) {
  const host = document.createElement('div');
  document.body.append(host);
  const state = { hidden: signal(false), count: signal(count), labels: signal(labels) };
  const onOpen = vi.fn();
  const onTeach = vi.fn();
  await act(async () => {
    unmount = mountMappingNotice(host, { ...state, onOpen, onTeach });
  });
  return { host, state, onOpen, onTeach };
}

const button = (host: Element, name: string) =>
  Array.from(host.querySelectorAll('button')).find((b) => b.textContent === name)!;

describe('the "marks need a mapping" notice on the register', () => {
  it('should say how many marks need a mapping, in words, and name the first labels', async () => {
    const { host } = await setUp(7, ['A', 'P', 'T', 'E', 'X']);
    expect(host.querySelector('[role=status]')?.textContent).toBe('⚠ 7 marks need a mapping');
    expect(host.textContent).toContain('“A”, “P”, “T”, “E” and 1 more');
  });

  it.each([
    [1, '⚠ 1 mark needs a mapping'],
    [2, '⚠ 2 marks need a mapping'],
  ])('should count %i mark(s) in the right number', async (count, wording) => {
    const { host } = await setUp(count, ['Off site']);
    expect(host.querySelector('[role=status]')?.textContent).toBe(wording);
  });

  it('should open the list in one click, and teach mode from its second button', async () => {
    const { host, onOpen, onTeach } = await setUp(3, ['Off site']);
    await act(async () => button(host, 'What do they mean?').click());
    await act(async () => button(host, 'Read wrongly? Teach it').click());
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(onTeach).toHaveBeenCalledTimes(1);
  });

  it('should disappear when nothing needs a mapping, and while the list is open', async () => {
    const { host, state } = await setUp(3, ['Off site']);
    await act(async () => {
      state.hidden.value = true;
    });
    expect(host.querySelector('.rl-notice')).toBeNull();
    await act(async () => {
      state.hidden.value = false;
      state.count.value = 0;
    });
    expect(host.querySelector('.rl-notice')).toBeNull();
  });
});
