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
      'National reference: England, state-funded schools, full year 2023/24: overall absence 7.1%, persistent absence 20% of pupils, severe absence 2.3% (DfE pupil absence statistics).',
    );
  });

  it('should list each group with England beside them for comparison', async () => {
    container = await mount(
      <App source={fakeSource()} state={createPanelState({ tab: 'cohort' })} />,
    );
    const table = [...container.querySelectorAll('table')].find((t) =>
      t.querySelector('caption')?.textContent?.startsWith('Absence by school'),
    )!;
    const rows = [...table.querySelectorAll('tbody tr')].map(text);
    expect(rows).toEqual([
      'Whole school3008.0% (2400 of 30000)60 (20.0%)1 (0.3%)',
      'Year 7608.0% (480 of 6000)12 (20.0%)1 (1.7%)',
      'Form 7B308.0% (240 of 3000)6 (20.0%)1 (3.3%)',
      'England, full year 2023/24–7.1%20.0%2.3%',
    ]);
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
