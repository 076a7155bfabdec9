import { z } from 'zod';

/**
 * The demo build's clock. A demo school is generated for one school day; the extension must see
 * that day as "today" everywhere (the worker's figures, the side panel), or a school generated
 * for another date shows no figures at all. The override lives in `browser.storage.local` so the
 * worker, stopped and woken, and every extension page read the same value. Only the demo build
 * honours it: `demoNow` returns null for any other mode, whatever is stored.
 */

export const DEMO_TODAY_KEY = 'demoToday';

const dateSchema = z.iso.date();

/** The minimal slice of `browser.storage.local` the clock needs (tests pass a fake). */
export interface ClockStorage {
  get(key: string): Promise<Record<string, unknown>>;
}

/** The stored demo day, when this build is the demo build and the stored value is a date. */
export async function demoToday(mode: string, storage: ClockStorage): Promise<string | null> {
  if (mode !== 'demo') return null;
  const stored = await storage.get(DEMO_TODAY_KEY).catch(() => ({}) as Record<string, unknown>);
  const parsed = dateSchema.safeParse(stored[DEMO_TODAY_KEY]);
  return parsed.success ? parsed.data : null;
}

/**
 * `real` moved to the demo day, keeping its time of day (so observation times still order within
 * the day), or `real` itself when there is no demo day.
 */
export function onDay(real: Date, day: string | null): Date {
  if (!day) return real;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const moved = new Date(real);
  moved.setFullYear(y, m - 1, d);
  return moved;
}

/** "Now" for the worker: the real clock, moved to the demo day in the demo build. */
export function clockFor(
  mode: string,
  storage: ClockStorage,
  real: () => Date = () => new Date(),
): () => Promise<Date> {
  return async () => onDay(real(), await demoToday(mode, storage));
}
