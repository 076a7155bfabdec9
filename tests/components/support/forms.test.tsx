import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImpactTable, WhatWorksTable } from '../../../components/support/Impact';
import { InterventionForm } from '../../../components/support/InterventionForm';
import { NoteForm } from '../../../components/support/NoteForm';
import { StepList } from '../../../components/support/StepList';
import { mount, text, unmount } from '../panel/fixtures';

let container: HTMLElement | null = null;
afterEach(async () => {
  if (container) await unmount(container);
  container = null;
});

const type = async (el: HTMLInputElement | HTMLTextAreaElement, value: string) =>
  act(async () => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
const submit = async (form: HTMLFormElement) =>
  act(async () => {
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });

describe('the note form', () => {
  it('should save what was agreed with the step and the follow-up date', async () => {
    const onSave = vi.fn();
    container = await mount(
      <NoteForm
        pupilId="p1"
        today="2026-01-21"
        step={{ id: 'family-meeting', text: 'Meet the family' }}
        noteId="n9"
        idPrefix="t"
        onSave={onSave}
        onCancel={() => undefined}
      />,
    );
    const [, by, followUp] = container.querySelectorAll('input');
    await type(container.querySelector('textarea')!, 'Met mum; breakfast club from Monday');
    await type(by!, 'Ms Khan');
    await type(followUp!, '2026-02-04');
    await submit(container.querySelector('form')!);
    expect(onSave).toHaveBeenCalledWith({
      id: 'n9',
      pupilId: 'p1',
      date: '2026-01-21',
      by: 'Ms Khan',
      stepId: 'family-meeting',
      text: 'Met mum; breakfast club from Monday',
      followUp: '2026-02-04',
    });
  });

  it('should say what is missing instead of saving an empty note', async () => {
    const onSave = vi.fn();
    container = await mount(
      <NoteForm
        pupilId="p1"
        today="2026-01-21"
        idPrefix="t"
        onSave={onSave}
        onCancel={() => undefined}
      />,
    );
    await submit(container.querySelector('form')!);
    expect(onSave).not.toHaveBeenCalled();
    expect(text(container.querySelector('[role="alert"]')!)).toBe('Say what was done or agreed.');
  });

  it('should put the cursor in the note when it opens', async () => {
    container = await mount(
      <NoteForm
        pupilId="p1"
        today="2026-01-21"
        idPrefix="t"
        onSave={() => undefined}
        onCancel={() => undefined}
      />,
    );
    expect(document.activeElement).toBe(container.querySelector('textarea'));
  });
});

describe('the intervention form', () => {
  it("should pre-fill a mentor's 12-week plan with its review after 6 weeks", async () => {
    const onSave = vi.fn();
    container = await mount(
      <InterventionForm
        pupilId="p1"
        today="2026-01-05"
        idPrefix="i"
        onSave={onSave}
        onCancel={() => undefined}
      />,
    );
    await submit(container.querySelector('form')!);
    expect(onSave).toHaveBeenCalledWith({
      pupilId: 'p1',
      type: 'attendance-mentor',
      start: '2026-01-05',
      plannedWeeks: 12,
      reviewDate: '2026-02-16',
      by: 'Not given',
    });
  });
});

describe('the support lists', () => {
  it('should give each step its stage, who and why, and a labelled Done button', async () => {
    const onDone = vi.fn();
    container = await mount(
      <StepList
        steps={[
          {
            id: 'ask-about-weekday',
            stage: 'listen-and-understand',
            who: 'Form tutor',
            text: 'Ask about Mondays',
            why: '4 of 5 absent days were Mondays.',
          },
        ]}
        onDone={onDone}
        pupilLabel="Pupil 1"
      />,
    );
    expect(text(container)).toContain('Listen and understand · Form tutor');
    const button = container.querySelector('button')!;
    expect(button.getAttribute('aria-label')).toBe('Mark done: Ask about Mondays (Pupil 1)');
    await act(async () => button.click());
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it('should warn when an impact rests on few sessions', async () => {
    container = await mount(
      <ImpactTable
        impact={[
          {
            interventionId: 'i',
            type: 'breakfast-club',
            weeks: 2,
            beforePct: 80,
            sincePct: 78,
            beforePossible: 18,
            sincePossible: 19,
            changePoints: -2,
            smallNumbers: true,
          },
        ]}
      />,
    );
    expect(text(container)).toContain('few sessions: read with care');
    expect(text(container)).toContain('−2.0 points');
  });

  it('should give what works as a median with how many improved', async () => {
    container = await mount(
      <WhatWorksTable
        rows={[
          {
            type: 'attendance-mentor',
            count: 6,
            medianChangePoints: 3.5,
            improved: 5,
            smallNumbers: false,
          },
        ]}
      />,
    );
    expect(text(container.querySelector('tbody')!)).toBe('Attendance mentor6+3.5 points5 of 6');
  });
});
