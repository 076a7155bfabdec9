import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { flagsToShow, isEarly } from '../../utils/attendance/evidence';
import { absentOfWording, EARLY_WORDING } from '../../utils/support/wording';
import { NoteForm } from '../support/NoteForm';
import { BandBadge } from '../ui/BandBadge';
import { Button } from '../ui/Button';
import { LoadState, useLoad, usePanel } from './context';
import { MappingNeeded } from './MappingNeeded';
import { TeachThisTab } from './TeachThisTab';
import { ImportDialog } from './ImportDialog';
import {
  absenceSentence,
  caveat,
  FEW_SESSIONS,
  changeSentence,
  flagName,
  formatDate,
  headroomSentence,
  sortByConcern,
  topFlag,
} from './format';
import type { EvidenceBasis, PupilSummary, RegisterContext, StepView } from './model';

const DEFAULT_BASIS: EvidenceBasis = { minSessions: FEW_SESSIONS, year: null };
const OFFER_KEY = 'rl-import-offer-dismissed:';

/**
 * Figures shown as the evidence allows: on fewer sessions than the minimum a pupil has no band
 * and no rate flags (they would rank a week's illness as severe absence), so sorting by concern
 * puts real concerns first.
 */
function asShown(pupil: PupilSummary, minSessions: number): PupilSummary {
  if (!isEarly(pupil.figures, minSessions)) return pupil;
  return {
    ...pupil,
    figures: { ...pupil.figures, band: null },
    flags: flagsToShow(pupil.flags, pupil.figures, minSessions),
    change: pupil.change && { ...pupil.change, previousBand: null },
  };
}

/** "Figures rest on 3 to 7 sessions a pupil; a band needs at least 20." */
function restsOn(pupils: readonly PupilSummary[], minSessions: number): string | null {
  const counts = pupils.map((p) => p.figures.possible).filter((n) => n > 0);
  if (!counts.length) return 'No sessions are stored for these pupils yet.';
  const low = Math.min(...counts);
  const high = Math.max(...counts);
  const range = low === high ? `${low}` : `${low} to ${high}`;
  const sessions = high === 1 ? 'session' : 'sessions';
  return (
    `Figures rest on ${range} ${sessions} a pupil` +
    (low < minSessions ? `; a band needs at least ${minSessions}.` : '.')
  );
}

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
export function RegisterView({
  renderImport,
  storage,
}: {
  /** The import wizard, offered when the register's pupils have little stored history. */
  renderImport?: (() => ComponentChildren) | undefined;
  /** Where a dismissed offer is remembered (per site); absent, it is offered each time. */
  storage?: Storage | undefined;
} = {}) {
  const { source, state } = usePanel();
  const loaded = useLoad(async () => {
    const register = await source.currentRegister();
    if (!register) return null;
    const [pupils, basis] = await Promise.all([
      source.registerPupils(register),
      source.evidenceBasis?.() ?? DEFAULT_BASIS,
    ]);
    return {
      register,
      basis,
      pupils: sortByConcern(pupils.map((p) => asShown(p, basis.minSessions))),
      early: pupils.filter((p) => p.figures.possible < basis.minSessions).length,
    };
  }, []);
  const [open, setOpen] = useState<OpenNote | null>(null);
  const [dismissed, setDismissed] = useState(false);

  if (loaded.status !== 'ready') return <LoadState loaded={loaded} what="the register" />;
  if (!loaded.value) {
    return (
      <section aria-labelledby="register-heading">
        <h2 id="register-heading">Register</h2>
        <p>
          Open a register in your MIS and its pupils appear here, most concerning first. The Queue
          tab lists every flagged pupil across forms.
        </p>
        <TeachThisTab />
      </section>
    );
  }
  const { register, pupils, basis, early } = loaded.value;
  const offerKey = `${OFFER_KEY}${register.siteId ?? ''}`;
  const offer =
    !!renderImport &&
    !dismissed &&
    pupils.length > 0 &&
    early * 2 >= pupils.length &&
    storage?.getItem(offerKey) !== '1';
  const dismiss = () => {
    storage?.setItem(offerKey, '1');
    setDismissed(true);
    state.announcement.value = 'The offer to import history is dismissed for this site.';
  };

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
        : {pupils.length} pupils, most concerning first. {restsOn(pupils, basis.minSessions)}
      </p>
      <MappingNeeded key={`${register.siteId}|${register.date}`} register={register} />
      {offer ? (
        <div class="rl-notice" role="region" aria-label="Little stored history">
          <p>
            {early === pupils.length ? 'Every pupil' : `${early} of ${pupils.length} pupils`} on
            this register {early === 1 || early === pupils.length ? 'has' : 'have'} fewer than{' '}
            {basis.minSessions} sessions stored, too few for a band. Importing the attendance
            history from your MIS gives figures you can act on.
          </p>
          <div class="rl-notice__actions">
            {renderImport ? (
              <ImportDialog idPrefix="rl-offer" label="Import history from the MIS">
                {renderImport}
              </ImportDialog>
            ) : null}
            <Button onClick={dismiss}>Not now</Button>
          </div>
        </div>
      ) : null}
      <ul class="rl-cards">
        {pupils.map((pupil) => {
          const label = state.displayName(pupil.pupilId, pupil.name);
          const flag = topFlag(pupil.flags);
          const thin = isEarly(pupil.figures, basis.minSessions);
          const headroom = headroomSentence(pupil.figures, basis);
          const change = changeSentence(pupil.change, pupil.figures);
          const note = caveat(pupil.figures, basis.minSessions);
          const absent = pupil.figures.authorised + pupil.figures.unauthorised;
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
                {thin && !state.privacy.value ? (
                  // Counts first, in a neutral style: no band word on so little evidence.
                  <span class="rl-badge" data-band="neutral" data-early="true">
                    <span class="rl-badge__shape" aria-hidden="true">
                      ◌
                    </span>
                    <span>
                      {absentOfWording(absent, pupil.figures.possible)} ·{' '}
                      {EARLY_WORDING.tooEarly.toLowerCase()}
                    </span>
                  </span>
                ) : (
                  <BandBadge
                    band={pupil.figures.band}
                    neutral={state.privacy.value}
                    suffix={note ? `(${note})` : undefined}
                  />
                )}
              </div>
              <p>
                {thin
                  ? `${absentOfWording(absent, pupil.figures.possible)}; a band needs at least ${basis.minSessions}`
                  : absenceSentence(pupil.figures)}
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
      {/* After the pupils: the register shown is another tab's, and comes first. */}
      {register.source === 'latest' ? <TeachThisTab /> : null}
    </section>
  );
}
