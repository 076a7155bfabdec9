import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/panel/App';
import { createPanelState } from '../../../components/panel/state';
import { click, detail, fakeSource, mount, pupil, text, unmount } from './fixtures';

let container: HTMLElement | null = null;
afterEach(async () => {
  if (container) await unmount(container);
  container = null;
});

async function openPupil(privacy = false) {
  const summary = pupil('p1', 'Sam Stone', 100, 12, { tags: ['young-carer'], stage: 'monitor' });
  const source = fakeSource({ register: [summary], details: [detail(summary)] });
  if (privacy) source.loadPrefs = async () => ({ privacyScreen: true, overlayEnabled: true });
  const state = createPanelState();
  state.pupilId.value = 'p1';
  container = await mount(<App source={source} state={state} />);
  return { source, state };
}

const section = (id: string) => container!.querySelector(`[aria-labelledby="${id}"]`)!;

describe('the pupil view', () => {
  it('should give the figures as counts with the band and stage', async () => {
    await openPupil();
    const all = text(container!);
    expect(all).toContain('12 of 100 sessions missed (12.0%)');
    expect(all).toContain('Persistent absence');
    expect(all).toContain('Stage: Monitor');
    expect(all).toContain('Young carer');
  });

  it('should show the weekday heat map with counts in the cells', async () => {
    await openPupil();
    const cells = [...section('pupil-heat').querySelectorAll('td')].map(text);
    expect(cells[0]).toBe('4 of 6');
    expect(cells[5]).toBe('1 of 6');
  });

  it("should explain each mark with its code's meaning and name an unknown one", async () => {
    await openPupil();
    const marks = text(section('pupil-marks'));
    expect(marks).toContain('Reason for absence not yet established');
    expect(marks).toContain('Illness (not medical or dental appointment)');
    expect(marks).toContain('Not a known code');
  });

  it('should list every flag with its reason and evidence', async () => {
    await openPupil();
    const flags = text(section('pupil-flags'));
    expect(flags).toContain('persistent-absence reason');
    expect(flags).toContain('2026-01-19 AM N');
  });

  it('should list all next steps and record one as done with its note', async () => {
    const { source } = await openPupil();
    expect(section('pupil-steps').querySelectorAll('li.rl-step')).toHaveLength(2);
    await click(section('pupil-steps').querySelector('button'));
    expect(source.calls[0]).toEqual({
      method: 'saveNote',
      arg: expect.objectContaining({
        pupilId: 'p1',
        stepId: 'tutor-conversation',
        text: 'Done: Have a quiet word with Sam Stone',
      }),
    });
    expect(section('pupil-notes').querySelector('textarea')).not.toBeNull();
  });

  it('should show attendance before and since each intervention', async () => {
    await openPupil();
    const impact = text(section('pupil-interventions'));
    expect(impact).toContain('Attendance mentor');
    expect(impact).toContain('82.0%');
    expect(impact).toContain('90.5%');
    expect(impact).toContain('+8.5 points');
  });

  it('should give the chart a text alternative table with every week', async () => {
    await openPupil();
    const trend = section('pupil-trend');
    expect(trend.querySelector('canvas')?.getAttribute('role')).toBe('img');
    expect(trend.querySelectorAll('tbody tr')).toHaveLength(2);
  });

  it('should hide the name in the heading and in step wording under the privacy screen', async () => {
    await openPupil(true);
    expect(text(container!)).not.toContain('Sam');
    expect(text(container!.querySelector('#pupil-heading')!)).toBe('Pupil 1');
  });

  it('should hide context tags such as young carer under the privacy screen', async () => {
    await openPupil(true);
    expect(container!.querySelector('fieldset.rl-context')).toBeNull();
    expect(text(container!)).not.toContain('Young carer');
  });

  it("should go back to the list it came from with focus on the pupil's name", async () => {
    const { state } = await openPupil();
    await click(container!.querySelector('.rl-back'));
    expect(state.pupilId.value).toBeNull();
    expect(container!.querySelector('[role="tabpanel"]')?.hasAttribute('hidden')).toBe(false);
    expect(document.activeElement?.textContent).toBe('Sam Stone');
  });

  it('should move focus to the pupil heading when the page opens', async () => {
    await openPupil();
    expect(document.activeElement?.id).toBe('pupil-heading');
  });

  it('should save the ticked context tag with the others and show the refreshed steps', async () => {
    const summary = pupil('p1', 'Sam Stone', 100, 12, { tags: ['send'], stage: 'monitor' });
    const before = detail(summary);
    const carerStep = {
      ...before.steps[0]!,
      id: 'wider-services' as const,
      text: 'Ask about caring',
    };
    const source = fakeSource({ register: [summary], details: [before] });
    const after = {
      ...before,
      summary: { ...summary, tags: ['send' as const, 'young-carer' as const] },
      steps: [carerStep, ...before.steps],
    };
    const saved = () => source.calls.some((c) => c.method === 'savePupilTags');
    source.pupil = async () => (saved() ? after : before);
    const state = createPanelState();
    state.pupilId.value = 'p1';
    container = await mount(<App source={source} state={state} />);
    const group = container.querySelector('fieldset.rl-context')!;
    const box = [...group.querySelectorAll('label')].find((l) => text(l) === 'Young carer');

    await click(group.querySelector(`#${box!.htmlFor}`));

    expect(text(group.querySelector('legend')!)).toBe('Context');
    expect(source.calls).toContainEqual({
      method: 'savePupilTags',
      arg: { pupilId: 'p1', tags: ['send', 'young-carer'] },
    });
    expect(text(section('pupil-steps'))).toContain('Ask about caring');
    expect((container.querySelector('#pupil-tag-young-carer') as HTMLInputElement).checked).toBe(
      true,
    );
  });
});
