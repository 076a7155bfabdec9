import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/panel/App';
import { createPanelState } from '../../../components/panel/state';
import { fakeSource, mount, text, unmount } from './fixtures';

let container: HTMLElement | null = null;
afterEach(async () => {
  if (container) await unmount(container);
  container = null;
});

describe('the cohort view', () => {
  it('should name the year and source of the national reference', async () => {
    container = await mount(
      <App source={fakeSource()} state={createPanelState({ tab: 'cohort' })} />,
    );
    expect(text(container.querySelector('.rl-national')!)).toBe(
      'National reference (DfE pupil absence statistics, 2023/24): overall absence 7.1%, persistent absence 20% of pupils, severe absence 2.3%.',
    );
  });

  it('should compare each group with the national figures in words', async () => {
    container = await mount(
      <App source={fakeSource()} state={createPanelState({ tab: 'cohort' })} />,
    );
    const rows = [...container.querySelectorAll('table')[0]!.querySelectorAll('tbody tr')].map(
      text,
    );
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('Whole school');
    expect(rows[0]).toContain('Absence 0.9 points above national');
  });

  it('should count pupils by band and show movement between bands', async () => {
    container = await mount(
      <App source={fakeSource()} state={createPanelState({ tab: 'cohort' })} />,
    );
    const all = text(container);
    expect(all).toContain('Severe absence1');
    expect(all).toContain('At riskPersistent absence2');
    expect(all).toContain('fewer than 5: too few to judge');
  });
});
