import type { Flag } from '../../utils/attendance/types';
import { academicYearLabel, priorYearLead, type PriorYear } from '../../utils/attendance/prior';
import { useEffect, useRef, useState } from 'preact/hooks';
import { codeInfo } from '../../utils/attendance/codes';
import type { ContextTag } from '../../utils/attendance/types';
import { TAG_LABELS } from '../../utils/support/wording';
import { AttendanceChart } from '../charts/AttendanceChart';
import { ImpactTable } from '../support/Impact';
import { InterventionForm } from '../support/InterventionForm';
import { NoteForm } from '../support/NoteForm';
import { InterventionsList, NotesList, StageHistory } from '../support/Records';
import { StepList } from '../support/StepList';
import { BandBadge } from '../ui/BandBadge';
import { Button } from '../ui/Button';
import { LoadState, useLoad, usePanel } from './context';
import {
  absenceSentence,
  caveat,
  flagName,
  formatDate,
  headroomSentence,
  severityLabel,
  stageName,
  TAG_NAMES,
} from './format';
import type { HeatCell, PupilDetail, StepView } from './model';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'] as const;
const WEEKDAY_NAMES = {
  Mon: 'Monday',
  Tue: 'Tuesday',
  Wed: 'Wednesday',
  Thu: 'Thursday',
  Fri: 'Friday',
};

function heatLevel(cell: HeatCell | undefined): number {
  if (!cell || cell.possible === 0 || cell.absent === 0) return 0;
  const rate = cell.absent / cell.possible;
  return rate >= 0.3 ? 3 : rate >= 0.1 ? 2 : 1;
}

/** Weekday × AM/PM absence as a table: the numbers are in the cells, colour only supports them. */
export function HeatMap({ cells }: { cells: readonly HeatCell[] }) {
  const find = (weekday: string, session: string) =>
    cells.find((c) => c.weekday === weekday && c.session === session);
  return (
    <table class="rl-table rl-heat">
      <caption>Absent sessions by weekday and session</caption>
      <thead>
        <tr>
          <th scope="col">Session</th>
          {WEEKDAYS.map((day) => (
            <th scope="col" class="rl-num" key={day}>
              <abbr title={WEEKDAY_NAMES[day]}>{day}</abbr>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {(['AM', 'PM'] as const).map((session) => (
          <tr key={session}>
            <th scope="row">{session}</th>
            {WEEKDAYS.map((day) => {
              const cell = find(day, session);
              return (
                <td key={day} class="rl-num" data-heat={heatLevel(cell)}>
                  {cell ? `${cell.absent} of ${cell.possible}` : '–'}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MarksTimeline({ detail }: { detail: PupilDetail }) {
  const [all, setAll] = useState(false);
  const sorted = [...detail.marks].sort(
    (a, b) => b.date.localeCompare(a.date) || b.session.localeCompare(a.session),
  );
  const shown = all ? sorted : sorted.slice(0, 40);
  return (
    <>
      <table class="rl-table">
        <caption>Marks, most recent first</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Session</th>
            <th scope="col">Mark</th>
            <th scope="col">Meaning</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((mark) => {
            const info = mark.mark ? codeInfo(mark.mark.trim(), mark.date) : undefined;
            return (
              <tr key={`${mark.date}-${mark.session}`}>
                <td>{formatDate(mark.date)}</td>
                <td>{mark.session}</td>
                <td>
                  <code>{mark.mark || '–'}</code>
                </td>
                <td>
                  {info
                    ? info.meaning
                    : mark.mark
                      ? 'Not a known code: check the mapping'
                      : 'No mark yet'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {sorted.length > shown.length ? (
        <Button onClick={() => setAll(true)}>Show all {sorted.length} marks</Button>
      ) : null}
    </>
  );
}

const TAGS = Object.keys(TAG_LABELS) as ContextTag[];

/** The pupil's context tags as checkboxes; each change is saved at once. */
function ContextTags({
  tags,
  onSave,
}: {
  tags: readonly ContextTag[];
  onSave: (tags: ContextTag[]) => Promise<void>;
}) {
  const [saving, setSaving] = useState(false);
  const toggle = async (tag: ContextTag, on: boolean) => {
    setSaving(true);
    try {
      await onSave(TAGS.filter((t) => (t === tag ? on : tags.includes(t))));
    } finally {
      setSaving(false);
    }
  };
  return (
    <fieldset class="rl-context" aria-describedby="pupil-context-note">
      <legend>Context</legend>
      <p id="pupil-context-note" class="rl-muted">
        Visible only on this device: stored in this browser and never sent anywhere.
      </p>
      {TAGS.map((tag) => (
        <div key={tag}>
          <input
            type="checkbox"
            id={`pupil-tag-${tag}`}
            checked={tags.includes(tag)}
            disabled={saving}
            onChange={(e) => void toggle(tag, e.currentTarget.checked)}
          />
          <label for={`pupil-tag-${tag}`}>{TAG_LABELS[tag]}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** Everything about one pupil: figures, trends, patterns, flags, next steps and records. */
export function PupilView({ pupilId }: { pupilId: string }) {
  const { source, state } = usePanel();
  const loaded = useLoad(() => source.pupil(pupilId), [pupilId]);
  const [noteFor, setNoteFor] = useState<{ step?: StepView; noteId?: string } | null>(null);
  const [planning, setPlanning] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const ready = loaded.status === 'ready' && loaded.value !== null;
  useEffect(() => {
    // Moving focus to the new page's heading tells screen-reader users where they are.
    if (ready) heading.current?.focus();
  }, [ready, pupilId]);

  const back = (
    <Button onClick={() => (state.pupilId.value = null)} class="rl-back">
      ← Back to{' '}
      {state.tab.value === 'register'
        ? 'register'
        : state.tab.value === 'queue'
          ? 'queue'
          : 'cohort'}
    </Button>
  );
  if (loaded.status !== 'ready') {
    return (
      <div>
        {back}
        <LoadState loaded={loaded} what="the pupil" />
      </div>
    );
  }
  const detail = loaded.value;
  if (!detail) {
    return (
      <div>
        {back}
        <p>This pupil is no longer stored on this device.</p>
      </div>
    );
  }
  const { summary } = detail;
  const label = state.displayName(summary.pupilId, summary.name);
  const today = source.today();
  const note = caveat(summary.figures);
  const headroom = headroomSentence(summary.figures);
  const f = summary.figures;
  const mask = (t: string) => state.mask(summary.pupilId, summary.name, t);
  const shownSteps = detail.steps.map((step) => ({
    ...step,
    text: mask(step.text),
    why: mask(step.why),
  }));
  const shownNotes = detail.notes.map((n) => ({ ...n, text: mask(n.text) }));

  const done = async (shown: StepView) => {
    const step = detail.steps.find((s) => s.id === shown.id) ?? shown;
    const saved = await source.saveNote({
      pupilId,
      date: today,
      by: 'Not given',
      stepId: step.id,
      text: `Done: ${step.text}`,
    });
    state.announcement.value = `Recorded as done for ${label}.`;
    setNoteFor({ step, noteId: saved.id });
  };

  return (
    <article class="rl-pupil" aria-labelledby="pupil-heading">
      {back}
      <h2 id="pupil-heading" tabIndex={-1} ref={heading}>
        {label}
      </h2>
      <p>
        {summary.group ? `${summary.group} · ` : ''}
        <BandBadge
          band={f.band}
          neutral={state.privacy.value}
          suffix={note ? `(${note})` : undefined}
        />{' '}
        · Stage: {stageName(summary.stage)}
        {/* Context tags (looked after, social worker…) are sensitive on a projected screen. */}
        {summary.tags.length && !state.privacy.value
          ? ` · ${summary.tags.map((t) => TAG_NAMES[t] ?? t).join(', ')}`
          : ''}
      </p>
      <p>
        {absenceSentence(f)}
        {headroom ? ` · ${headroom}` : ''}
      </p>
      {!state.privacy.value && (
        <ContextTags
          tags={summary.tags}
          onSave={async (tags) => {
            try {
              await source.savePupilTags(pupilId, tags);
              state.announcement.value = 'Context saved; next steps updated.';
            } catch (error) {
              state.announcement.value = `Context not saved: ${String(error)}`;
            }
          }}
        />
      )}
      {detail.priorYear ? <LastYear prior={detail.priorYear} /> : null}
      <section aria-labelledby="pupil-flags">
        <h3 id="pupil-flags">Flags</h3>
        {summary.flags.length === 0 ? (
          <p class="rl-muted">No flags raised.</p>
        ) : (
          <ul class="rl-flags">
            {leadFirst(summary.flags).map((flag) => (
              <li key={flag.id}>
                <strong>{flagName(flag.id)}</strong>{' '}
                <span class="rl-muted">({severityLabel(flag.severity)})</span>: {mask(flag.reason)}
                {flag.evidence.length ? (
                  <details>
                    <summary>Evidence: {flag.evidence.length} sessions</summary>
                    <ul>
                      {flag.evidence.map((e) => (
                        <li key={e}>
                          <code>{e}</code>
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="pupil-steps">
        <h3 id="pupil-steps">Next steps</h3>
        <StepList steps={shownSteps} onDone={done} pupilLabel={label} headingLevel={4} />
      </section>

      <section aria-labelledby="pupil-trend">
        <h3 id="pupil-trend">Attendance over time</h3>
        <AttendanceChart weekly={detail.weekly} theme={state.theme.value} />
      </section>

      <section aria-labelledby="pupil-heat">
        <h3 id="pupil-heat">Pattern by weekday</h3>
        <HeatMap cells={detail.heatmap} />
      </section>

      <table class="rl-table rl-counts">
        <caption>Sessions up to {formatDate(detail.asOf)}</caption>
        <tbody>
          {(
            [
              ['Possible', f.possible],
              ['Present (including approved activities)', f.present],
              ['Authorised absence', f.authorised],
              ['Unauthorised absence', f.unauthorised],
              ['Late before the register closed', f.lateBeforeClose],
              ['Late after the register closed', f.lateAfterClose],
              ['Not possible sessions', f.notPossible],
              ['Not marked yet', f.unmarked],
              ['Unknown marks', f.unknown],
            ] as const
          ).map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td class="rl-num">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <section aria-labelledby="pupil-notes">
        <h3 id="pupil-notes">Notes and follow-ups</h3>
        {noteFor ? (
          <NoteForm
            pupilId={pupilId}
            today={today}
            step={noteFor.step ? { id: noteFor.step.id, text: mask(noteFor.step.text) } : undefined}
            noteId={noteFor.noteId}
            idPrefix="pupil-note"
            onSave={async (input) => {
              await source.saveNote(input);
              state.announcement.value = 'Note saved.';
              setNoteFor(null);
            }}
            onCancel={() => setNoteFor(null)}
          />
        ) : (
          <Button onClick={() => setNoteFor({})}>Record an action</Button>
        )}
        <NotesList notes={shownNotes} today={today} />
      </section>

      <section aria-labelledby="pupil-interventions">
        <h3 id="pupil-interventions">Interventions and their impact</h3>
        {planning ? (
          <InterventionForm
            pupilId={pupilId}
            today={today}
            idPrefix="pupil-intervention"
            onSave={async (input) => {
              await source.saveIntervention(input);
              state.announcement.value = 'Intervention saved.';
              setPlanning(false);
            }}
            onCancel={() => setPlanning(false)}
          />
        ) : (
          <Button onClick={() => setPlanning(true)}>Start an intervention</Button>
        )}
        <InterventionsList interventions={detail.interventions} today={today} />
        <ImpactTable impact={detail.impact} />
      </section>

      <section aria-labelledby="pupil-stages">
        <h3 id="pupil-stages">Stage of support</h3>
        <StageHistory history={detail.stageHistory} />
      </section>

      <section aria-labelledby="pupil-marks">
        <h3 id="pupil-marks">Marks</h3>
        <MarksTimeline detail={detail} />
      </section>
    </article>
  );
}

/** The flags with last year's evidence first while this year's figures are few. */
function leadFirst(flags: readonly Flag[]): readonly Flag[] {
  const lead = priorYearLead(flags);
  return lead ? [lead, ...flags.filter((f) => f !== lead)] : flags;
}

/**
 * Last school year, labelled as such and apart from this year's figures: from the stored
 * register marks of that year or a previous school's summary.
 */
function LastYear({ prior }: { prior: PriorYear }) {
  const absent = prior.authorised + prior.unauthorised;
  return (
    <section aria-labelledby="pupil-last-year" class="rl-last-year">
      <h3 id="pupil-last-year">Last school year ({academicYearLabel(prior.academicYear)})</h3>
      <p>
        Absent {absent} of {prior.possible} possible sessions
        {prior.absencePct === null ? '' : ` (${prior.absencePct}%)`}
        {prior.band && prior.band !== 'none' ? `: ${BAND_WORDS[prior.band]}` : ''}.{' '}
        <span class="rl-muted">
          {prior.source === 'summary'
            ? `From the previous school's summary${prior.school ? ` (${prior.school})` : ''}`
            : 'From the register marks stored here'}
          ; not counted in this year's figures.
        </span>
      </p>
    </section>
  );
}

const BAND_WORDS: Record<Exclude<PriorYear['band'], null>, string> = {
  severe: 'severe absence (50% or more)',
  persistent: 'persistent absence (10% or more)',
  'at-risk': 'at risk (5% or more)',
  none: 'attending well',
};
