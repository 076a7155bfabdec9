import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/panel/App';
import { createPanelState } from '../../../components/panel/state';
import type { PriorYear } from '../../../utils/attendance/prior';
import { detail, fakeSource, mount, pupil, text, unmount } from './fixtures';

let container: HTMLElement | null = null;
afterEach(async () => {
  if (container) await unmount(container);
  container = null;
});

const PRIOR: PriorYear = {
  academicYear: 2024,
  source: 'summary',
  school: 'Elm Primary',
  possible: 342,
  present: 294,
  authorised: 40,
  unauthorised: 8,
  attendancePct: 85.96,
  absencePct: 14.04,
  band: 'persistent',
};

async function openPupil(priorYear: PriorYear | null) {
  const summary = pupil('p1', 'Sam Stone', 8, 0);
  const source = fakeSource({ register: [summary], details: [{ ...detail(summary), priorYear }] });
  const state = createPanelState();
  state.pupilId.value = 'p1';
  container = await mount(<App source={source} state={state} />);
}

describe('the pupil view’s last school year', () => {
  it('should show last year as such, apart from this year’s figures, naming its source', async () => {
    await openPupil(PRIOR);

    const section = container!.querySelector('[aria-labelledby="pupil-last-year"]')!;
    expect(text(section)).toBe(
      "Last school year (2024/25)Absent 48 of 342 possible sessions (14.04%): persistent absence (10% or more). From the previous school's summary (Elm Primary); not counted in this year's figures.",
    );
  });

  it('should show no last-year section when nothing is known of last year', async () => {
    await openPupil(null);

    expect(container!.querySelector('[aria-labelledby="pupil-last-year"]')).toBeNull();
  });
});
