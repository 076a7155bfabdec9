import { useState } from 'preact/hooks';
import { NoteForm } from '../support/NoteForm';
import { BandBadge } from '../ui/BandBadge';
import { Button } from '../ui/Button';
import { LoadState, useLoad, usePanel } from './context';
import { MappingNeeded } from './MappingNeeded';
import {
  absenceSentence,
  caveat,
  changeSentence,
  flagName,
  formatDate,
  headroomSentence,
  sortByConcern,
  topFlag,
} from './format';
import type { PupilSummary, RegisterContext, StepView } from './model';

function registerTitle(register: RegisterContext): string {
  const parts = [register.group ?? 'Register'];
  if (register.date) parts.push(formatDate(register.date));
  if (register.session) parts.push(register.session);
  return parts.join(', ');
}

interface OpenNote {
  pupilId: string;
  noteId: string;
  step: StepView;
}

/** The register open now: its pupils most concerning first, each with one thing to do today. */
export function RegisterView() {
  const { source, state } = usePanel();
  const loaded = useLoad(async () => {
    const register = await source.currentRegister();
    if (!register) return null;
    return { register, pupils: sortByConcern(await source.registerPupils(register)) };
  }, []);
  const [open, setOpen] = useState<OpenNote | null>(null);

  if (loaded.status !== 'ready') return <LoadState loaded={loaded} what="the register" />;
  if (!loaded.value) {
    return (
      <section aria-labelledby="register-heading">
        <h2 id="register-heading">Register</h2>
        <p>
          Open a register in your MIS and its pupils appear here, most concerning first. The Queue
          tab lists every flagged pupil across forms.
        </p>
      </section>
    );
  }
  const { register, pupils } = loaded.value;

  const done = async (pupil: PupilSummary, step: StepView) => {
    // One click records the step as done; the note form then opens to add what was agreed.
    const note = await source.saveNote({
      pupilId: pupil.pupilId,
      date: source.today(),
      by: 'Not given',
      stepId: step.id,
      text: `Done: ${step.text}`,
    });
    state.announcement.value = `Recorded as done for ${state.displayName(pupil.pupilId, pupil.name)}.`;
    setOpen({ pupilId: pupil.pupilId, noteId: note.id, step });
  };

  return (
    <section aria-labelledby="register-heading">
      <h2 id="register-heading">{registerTitle(register)}</h2>
      <p class="rl-muted">
        {register.source === 'active-tab'
          ? 'The register open in this tab'
          : 'The register read most recently'}
        : {pupils.length} pupils, most concerning first.
      </p>
      <MappingNeeded key={`${register.siteId}|${register.date}`} register={register} />
      <ul class="rl-cards">
        {pupils.map((pupil) => {
          const label = state.displayName(pupil.pupilId, pupil.name);
          const flag = topFlag(pupil.flags);
          const headroom = headroomSentence(pupil.figures);
          const change = changeSentence(pupil.change, pupil.figures);
          const note = caveat(pupil.figures);
          const mask = (t: string) => state.mask(pupil.pupilId, pupil.name, t);
          return (
            <li key={pupil.pupilId} class="rl-card" data-pupil-id={pupil.pupilId}>
              <div class="rl-card__head">
                <h3 class="rl-card__name">
                  <button
                    type="button"
                    class="rl-link"
                    onClick={() => (state.pupilId.value = pupil.pupilId)}
                  >
                    {label}
                  </button>
                </h3>
                <BandBadge
                  band={pupil.figures.band}
                  neutral={state.privacy.value}
                  suffix={note ? `(${note})` : undefined}
                />
              </div>
              <p>
                {absenceSentence(pupil.figures)}
                {headroom ? <span class="rl-muted"> · {headroom}</span> : null}
              </p>
              {flag ? (
                <p class="rl-card__flag">
                  <strong>{flagName(flag.id)}:</strong> {mask(flag.reason)}
                </p>
              ) : null}
              {change ? <p class="rl-muted">Since last week: {change}</p> : null}
              {pupil.topStep ? (
                <div class="rl-card__step">
                  <p>
                    <strong>Next step:</strong> {mask(pupil.topStep.text)}{' '}
                    <span class="rl-muted">({pupil.topStep.who})</span>
                  </p>
                  <Button
                    onClick={() => pupil.topStep && done(pupil, pupil.topStep)}
                    aria-label={`Mark done: ${mask(pupil.topStep.text)} (${label})`}
                  >
                    Done
                  </Button>
                </div>
              ) : null}
              {open?.pupilId === pupil.pupilId ? (
                <NoteForm
                  pupilId={pupil.pupilId}
                  today={source.today()}
                  step={{ id: open.step.id, text: mask(open.step.text) }}
                  noteId={open.noteId}
                  idPrefix={`note-${pupil.pupilId}`}
                  onSave={async (input) => {
                    await source.saveNote(input);
                    state.announcement.value = 'Note saved.';
                    setOpen(null);
                  }}
                  onCancel={() => setOpen(null)}
                />
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
