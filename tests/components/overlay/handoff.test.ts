import { describe, expect, it, vi } from 'vitest';
import { overlayHandoff } from '../../../components/overlay/handoff';
import {
  NOTHING_UNMAPPED,
  type OverlayView,
  type Unmapped,
} from '../../../components/overlay/lazy';
import type { ReadingReply, SentReading } from '../../../components/overlay/session';
import type { Reading } from '../../../utils/registers/schema';

const reading = (group: string): Reading => ({
  adapter: 'generic',
  group,
  date: '2026-01-21',
  session: 'AM',
  taken: false,
  pupils: [{ key: 'k:ada', name: 'Ada Example', marks: [] }],
  warnings: [],
});

const sent = (group: string): SentReading => ({
  reading: reading(group),
  saved: false,
  reply: Promise.resolve<ReadingReply>({ ok: true, pupils: [] }),
});

/** A view that records what it was shown, in order. */
function recordingView() {
  const shown: string[] = [];
  const view: OverlayView = {
    reading: (s, unmapped) =>
      shown.push(
        (s ? `reading ${s.reading.group}` : 'no register') +
          (unmapped.marks ? ` (${unmapped.marks} to map)` : ''),
      ),
    error: (message) => shown.push(`error ${message}`),
    teach: () => shown.push('teach mode'),
    destroy: () => shown.push('destroyed'),
  };
  return { view, shown };
}

/** A load the test resolves by hand. */
function harness() {
  const { view, shown } = recordingView();
  const loads: ((view: OverlayView | null) => void)[] = [];
  const handoff = overlayHandoff({
    load: vi.fn(() => new Promise<OverlayView | null>((resolve) => loads.push(resolve))),
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { handoff, view, shown, loads, settle };
}

describe('handing readings to the injected overlay', () => {
  it('should ask for the overlay at once when the reader finds a register', () => {
    const { handoff, loads } = harness();

    handoff.reading(sent('7A'), NOTHING_UNMAPPED);

    expect(loads).toHaveLength(1);
  });

  it('should never load the overlay on a page without a register, even once it settles', async () => {
    const { handoff, loads, settle } = harness();

    handoff.reading(null, NOTHING_UNMAPPED);
    handoff.error('Register Lens could not read this page.');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await settle();

    expect(loads).toHaveLength(0);
    expect(handoff.view).toBeNull();
  });

  it('should load the overlay on a page without a register when teach mode is asked for, and open it', async () => {
    const { handoff, loads, shown, view, settle } = harness();
    handoff.reading(null, NOTHING_UNMAPPED);

    const opened = handoff.teach();
    await settle();
    loads[0]!(view);

    expect(await opened).toBe(true);
    expect(shown).toEqual(['no register', 'teach mode']);
  });

  it('should say teach mode did not open when the overlay could not be loaded', async () => {
    const { handoff, loads, settle } = harness();

    const opened = handoff.teach();
    await settle();
    loads[0]!(null);

    expect(await opened).toBe(false);
  });

  it('should wait for a load already under way rather than ask twice', async () => {
    const { handoff, loads, shown, view, settle } = harness();
    handoff.reading(sent('7A'), NOTHING_UNMAPPED);

    const opened = handoff.teach();
    await settle();
    loads[0]!(view);

    expect(await opened).toBe(true);
    expect(loads).toHaveLength(1);
    expect(shown).toEqual(['reading 7A', 'teach mode']);
  });

  it('should show only the newest reading once the overlay arrives', async () => {
    const { handoff, loads, shown, view, settle } = harness();

    handoff.reading(sent('7A'), NOTHING_UNMAPPED);
    handoff.reading(sent('7B'), NOTHING_UNMAPPED);
    loads[0]!(view);
    await settle();

    expect(loads).toHaveLength(1);
    expect(shown).toEqual(['reading 7B']);
  });

  it('should keep what the newest reading needs mapped with it', async () => {
    const { handoff, loads, shown, view, settle } = harness();
    const unmapped: Unmapped = {
      labels: [
        {
          raw: 'Offsite',
          count: 3,
          why: 'unmapped',
          current: null,
          suggestion: null,
          pageSays: null,
          date: '2026-01-21',
        },
      ],
      marks: 3,
    };

    handoff.reading(sent('7A'), NOTHING_UNMAPPED);
    handoff.reading(sent('7B'), unmapped);
    loads[0]!(view);
    await settle();

    expect(shown).toEqual(['reading 7B (3 to map)']);
  });

  it('should pass readings straight on once the overlay is shown', async () => {
    const { handoff, loads, shown, view, settle } = harness();
    handoff.reading(sent('7A'), NOTHING_UNMAPPED);
    loads[0]!(view);
    await settle();

    handoff.reading(null, NOTHING_UNMAPPED);
    handoff.error('Register Lens could not read this page.');

    expect(handoff.view).toBe(view);
    expect(shown).toEqual([
      'reading 7A',
      'no register',
      'error Register Lens could not read this page.',
    ]);
  });

  it('should show the reader’s error after the reading it followed', async () => {
    const { handoff, loads, shown, view, settle } = harness();

    handoff.reading(sent('7A'), NOTHING_UNMAPPED);
    handoff.error('Register Lens could not read this page.');
    loads[0]!(view);
    await settle();

    expect(shown).toEqual(['reading 7A', 'error Register Lens could not read this page.']);
  });

  it('should forget an error once a new reading came after it', async () => {
    const { handoff, loads, shown, view, settle } = harness();

    handoff.error('Register Lens could not read this page.');
    handoff.reading(sent('7A'), NOTHING_UNMAPPED);
    loads[0]!(view);
    await settle();

    expect(shown).toEqual(['reading 7A']);
  });

  it('should ask again with the next reading when the overlay could not be loaded', async () => {
    const { handoff, loads, shown, view, settle } = harness();
    handoff.reading(sent('7A'), NOTHING_UNMAPPED);
    loads[0]!(null);
    await settle();

    handoff.reading(sent('7B'), NOTHING_UNMAPPED);
    loads[1]!(view);
    await settle();

    expect(loads).toHaveLength(2);
    expect(shown).toEqual(['reading 7B']);
  });

  it('should not load again while a load is already under way', () => {
    const { handoff, loads } = harness();

    handoff.reading(sent('7A'), NOTHING_UNMAPPED);
    handoff.reading(sent('7B'), NOTHING_UNMAPPED);
    handoff.reading(null, NOTHING_UNMAPPED);

    expect(loads).toHaveLength(1);
  });
});
