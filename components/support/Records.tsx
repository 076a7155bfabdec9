import type { InterventionView, NoteView, StageView } from '../panel/model';
import { formatDate, stageName } from '../panel/format';
import { interventionLabel } from './InterventionForm';

export function NotesList({ notes, today }: { notes: readonly NoteView[]; today: string }) {
  if (notes.length === 0) return <p class="rl-muted">No notes yet.</p>;
  return (
    <ul class="rl-records">
      {[...notes]
        .sort((a, b) => b.date.localeCompare(a.date))
        .map((note) => (
          <li key={note.id}>
            <p>
              <strong>{formatDate(note.date)}</strong> · {note.by}
            </p>
            <p>{note.text}</p>
            {note.followUp ? (
              <p class={note.followUp <= today ? 'rl-due' : 'rl-muted'}>
                {note.followUp <= today ? 'Follow-up due: ' : 'Follow up on '}
                {formatDate(note.followUp)}
              </p>
            ) : null}
          </li>
        ))}
    </ul>
  );
}

export function InterventionsList({
  interventions,
  today,
}: {
  interventions: readonly InterventionView[];
  today: string;
}) {
  if (interventions.length === 0) return <p class="rl-muted">No interventions yet.</p>;
  return (
    <ul class="rl-records">
      {interventions.map((item) => (
        <li key={item.id}>
          <p>
            <strong>{interventionLabel(item.type)}</strong> from {formatDate(item.start)}, planned
            for {item.plannedWeeks} weeks ({item.status})
          </p>
          <p class={item.reviewDate <= today && !item.outcome ? 'rl-due' : 'rl-muted'}>
            Review {item.reviewDate <= today && !item.outcome ? 'due' : 'on'}{' '}
            {formatDate(item.reviewDate)}
            {item.outcome ? `; outcome: ${item.outcome}` : ''}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function StageHistory({ history }: { history: readonly StageView[] }) {
  if (history.length === 0) return <p class="rl-muted">No stage of support recorded yet.</p>;
  return (
    <ol class="rl-records">
      {history.map((entry) => (
        <li key={`${entry.date}-${entry.stage}`}>
          <strong>{stageName(entry.stage)}</strong> from {formatDate(entry.date)} ({entry.by}):{' '}
          {entry.reason}
        </li>
      ))}
    </ol>
  );
}
