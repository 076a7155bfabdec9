import { describe, expect, it } from 'vitest';
import { createSlicer, mapInSlices, yieldToEventLoop } from '../../utils/tasks';

/** A clock that moves only when the work says so. */
function fakeClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('mapInSlices', () => {
  it('should yield each time a slice has used its budget, and only then', async () => {
    const clock = fakeClock();
    let yields = 0;

    const out = await mapInSlices(
      [1, 2, 3, 4, 5, 6, 7],
      (n) => {
        clock.advance(15);
        return n * 2;
      },
      { budgetMs: 40, now: clock.now, yieldNow: async () => void yields++ },
    );

    expect(out).toEqual([2, 4, 6, 8, 10, 12, 14]);
    // 15 ms items against a 40 ms budget: a pause after every third item.
    expect(yields).toBe(2);
  });

  it('should never yield for work that fits in one slice', async () => {
    const clock = fakeClock();
    let yields = 0;

    await mapInSlices([1, 2, 3], () => clock.advance(1), {
      budgetMs: 40,
      now: clock.now,
      yieldNow: async () => void yields++,
    });

    expect(yields).toBe(0);
  });

  it('should let a timer that was due run between two slices', async () => {
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);

    await mapInSlices(
      ['a', 'b'],
      (item) => {
        const until = performance.now() + 5;
        while (performance.now() < until) {
          // Busy: the only way out of a slice is the yield.
        }
        order.push(item);
      },
      { budgetMs: 1 },
    );

    expect(order).toEqual(['a', 'timer', 'b']);
  });
});

describe('createSlicer', () => {
  it('should start a new slice after each pause', async () => {
    const clock = fakeClock();
    const slicer = createSlicer({ budgetMs: 10, now: clock.now, yieldNow: async () => {} });

    clock.advance(12);
    expect(slicer.due()).toBe(true);
    await slicer.maybeYield();

    expect(slicer.due()).toBe(false);
  });
});

describe('yieldToEventLoop', () => {
  it('should resolve in a later task, after a zero-delay timer set before it', async () => {
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);

    await yieldToEventLoop();
    order.push('after yield');

    expect(order).toEqual(['timer', 'after yield']);
  });
});
