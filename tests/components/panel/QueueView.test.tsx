import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/panel/App';
import { createPanelState } from '../../../components/panel/state';
import type { QueueItem } from '../../../components/panel/model';
import { click, fakeSource, mount, pupil, queueItem, settle, text, unmount } from './fixtures';

let container: HTMLElement | null = null;
afterEach(async () => {
  if (container) await unmount(container);
  container = null;
});

function school(n: number): QueueItem[] {
  return Array.from({ length: n }, (_, i) =>
    queueItem(
      pupil(`p${i}`, `Pupil Name ${i}`, 200, 20 + (i % 50), {
        group: `${7 + (i % 5)}${'ABCD'[i % 4]}`,
      }),
    ),
  );
}

async function openQueue(items: QueueItem[], source = fakeSource({ queue: items })) {
  const state = createPanelState({ tab: 'queue' });
  container = await mount(<App source={source} state={state} />);
  return { state, source };
}

describe('the review queue', () => {
  it('should keep only a window of a 1,500-pupil queue in the page while announcing its true size', async () => {
    await openQueue(school(1500));
    const rows = container!.querySelectorAll('[role="listitem"]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(30);
    expect(rows[0]!.getAttribute('aria-setsize')).toBe('1500');
    expect(rows[0]!.getAttribute('aria-posinset')).toBe('1');
    expect(text(container!.querySelector('#queue-count')!)).toBe(
      'Showing 1500 of 1500 flagged pupils.',
    );
  });

  it('should move focus to the last row with End, rendering it first', async () => {
    await openQueue(school(1500));
    const first = container!.querySelector<HTMLElement>('[aria-posinset="1"]')!;
    first.focus();
    await act(async () => {
      first.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    });
    await settle();
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('1500');
  });

  it('should filter by form and say how many are shown', async () => {
    await openQueue(school(40));
    const select = [...container!.querySelectorAll('label')]
      .find((l) => l.textContent?.startsWith('Form'))!
      .querySelector('select')!;
    await act(async () => {
      select.value = '7A';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settle();
    expect(text(container!.querySelector('#queue-count')!)).toBe('Showing 2 of 40 flagged pupils.');
  });

  it('should snooze a flag until a date with a reason', async () => {
    const { source } = await openQueue(school(3));
    await click(container!.querySelector('[aria-label^="Review flags for"]'));
    const form = container!.querySelector('form.rl-review')!;
    await click(form.querySelectorAll<HTMLInputElement>('input[type="radio"]')[1]);
    const until = form.querySelector<HTMLInputElement>('input[type="date"]')!;
    const reason = form.querySelector('textarea')!;
    await act(async () => {
      until.value = '2026-02-02';
      until.dispatchEvent(new Event('input', { bubbles: true }));
      reason.value = 'Family bereavement; school nurse involved';
      reason.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => {
      form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    await settle();
    expect(source.calls).toContainEqual({
      method: 'reviewFlag',
      arg: {
        pupilId: expect.any(String),
        flagId: 'persistent-absence',
        action: 'snoozed',
        until: '2026-02-02',
        reason: 'Family bereavement; school nurse involved',
      },
    });
  });

  it('should refuse a snooze without a date after today', async () => {
    const { source } = await openQueue(school(1));
    await click(container!.querySelector('[aria-label^="Review flags for"]'));
    const form = container!.querySelector('form.rl-review')!;
    await click(form.querySelectorAll<HTMLInputElement>('input[type="radio"]')[1]);
    const reason = form.querySelector('textarea')!;
    await act(async () => {
      reason.value = 'Waiting';
      reason.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => {
      form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    expect(text(form)).toContain('Snooze until a date after today.');
    expect(source.calls.filter((c) => c.method === 'reviewFlag')).toEqual([]);
  });

  it('should list due follow-ups at the top', async () => {
    const items = school(3);
    items[2] = { ...items[2]!, dueFollowUp: '2026-01-19' };
    await openQueue(items);
    expect(text(container!.querySelector('.rl-due-list')!)).toContain('Follow-ups due (1)');
    expect(text(container!.querySelector('.rl-due-list')!)).toContain('Pupil Name 2');
  });
});
