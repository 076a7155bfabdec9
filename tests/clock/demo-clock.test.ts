import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { analysePupil } from '../../utils/attendance/analyse';
import { clockFor, DEMO_TODAY_KEY, demoToday, onDay } from '../../utils/demo-clock';
import { createHandlers } from '../../utils/messaging/background';
import { freshStore, mark, reading } from '../store/helpers';

const REAL = new Date('2026-11-23T08:40:00');
const PAGE = 'http://127.0.0.1:5177/register/7B';

describe('the demo clock', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    freshStore();
  });

  it('should take the stored demo day in the demo build', async () => {
    await browser.storage.local.set({ [DEMO_TODAY_KEY]: '2026-01-21' });
    expect(await demoToday('demo', browser.storage.local)).toBe('2026-01-21');
  });

  it.each(['production', 'development', 'test'])(
    'should ignore the stored demo day in a %s build',
    async (mode) => {
      await browser.storage.local.set({ [DEMO_TODAY_KEY]: '2026-01-21' });
      expect(await demoToday(mode, browser.storage.local)).toBeNull();
      expect(await clockFor(mode, browser.storage.local, () => REAL)()).toEqual(REAL);
    },
  );

  it.each([['21/01/2026'], [20260121], [null]])(
    'should ignore a stored value that is not a date (%s)',
    async (value) => {
      await browser.storage.local.set({ [DEMO_TODAY_KEY]: value });
      expect(await demoToday('demo', browser.storage.local)).toBeNull();
    },
  );

  it('should move now to the demo day and keep the time of day', () => {
    const moved = onDay(REAL, '2026-01-21');
    expect([moved.getFullYear(), moved.getMonth(), moved.getDate(), moved.getHours()]).toEqual([
      2026, 0, 21, 8,
    ]);
  });

  it.each([
    ['demo', '2026-01-21'],
    ['production', '2026-11-23'],
  ])('should give a %s worker figures as of %s', async (mode, asOf) => {
    await browser.storage.local.set({ [DEMO_TODAY_KEY]: '2026-01-21' });
    const handlers = createHandlers({
      analyse: analysePupil,
      now: clockFor(mode, browser.storage.local, () => REAL),
    });
    const reply = await handlers['content:reading'](
      {
        type: 'content:reading',
        reading: reading([{ key: 'ada', marks: [mark('2026-01-20', 'N')] }]),
        url: PAGE,
        saved: true,
      },
      { id: fakeBrowser.runtime.id, url: PAGE },
    );
    expect(reply.asOf).toBe(asOf);
  });
});
