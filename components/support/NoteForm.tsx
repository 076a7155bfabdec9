import { useEffect, useRef, useState } from 'preact/hooks';
import type { NoteInput } from '../panel/model';
import { Button } from '../ui/Button';

interface NoteFormProps {
  pupilId: string;
  today: string;
  /** The step this note records, when it was opened from a step's Done button. */
  step?: { id: NoteInput['stepId']; text: string } | undefined;
  /** An already saved note to complete (the Done click saves it before the form opens). */
  noteId?: string | undefined;
  idPrefix: string;
  onSave(note: NoteInput): void | Promise<void>;
  onCancel(): void;
}

/** Record an action: what was done, by whom, what was agreed and when to follow up. */
export function NoteForm({
  pupilId,
  today,
  step,
  noteId,
  idPrefix,
  onSave,
  onCancel,
}: NoteFormProps) {
  const [date, setDate] = useState(today);
  const [by, setBy] = useState('');
  const [text, setText] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [error, setError] = useState('');
  const first = useRef<HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!text.trim()) {
      setError('Say what was done or agreed.');
      first.current?.focus();
      return;
    }
    if (followUp && followUp < date) {
      setError('The follow-up date cannot be before the date of the action.');
      return;
    }
    await onSave({
      ...(noteId ? { id: noteId } : {}),
      pupilId,
      date,
      by: by.trim() || 'Not given',
      ...(step?.id ? { stepId: step.id } : {}),
      text: text.trim(),
      ...(followUp ? { followUp } : {}),
    });
  };

  return (
    <form class="rl-form" onSubmit={submit} aria-labelledby={`${idPrefix}-title`}>
      <h4 id={`${idPrefix}-title`}>{step ? `Note for: ${step.text}` : 'Record an action'}</h4>
      {step ? <p class="rl-muted">Marked as done. Add what happened and what was agreed.</p> : null}
      <label class="rl-field">
        What was done or agreed
        <textarea
          ref={first}
          rows={3}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${idPrefix}-error` : undefined}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      <div class="rl-form__row">
        <label class="rl-field">
          Date
          <input type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
        </label>
        <label class="rl-field">
          By
          <input
            type="text"
            value={by}
            autoComplete="name"
            onInput={(e) => setBy(e.currentTarget.value)}
          />
        </label>
        <label class="rl-field">
          Follow up on
          <input type="date" value={followUp} onInput={(e) => setFollowUp(e.currentTarget.value)} />
        </label>
      </div>
      {error ? (
        <p id={`${idPrefix}-error`} class="rl-error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="rl-form__actions">
        <Button type="submit" variant="primary">
          Save note
        </Button>
        <Button onClick={onCancel}>Close</Button>
      </div>
    </form>
  );
}
