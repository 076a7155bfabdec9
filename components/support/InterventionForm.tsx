import { useState } from 'preact/hooks';
import type { InterventionInput } from '../panel/model';
import { Button } from '../ui/Button';

/** Typical plans and their usual length in weeks (DOMAIN.md: mentoring 12-20, contracts ~6). */
export const INTERVENTION_TYPES: readonly { id: string; label: string; weeks: number }[] = [
  { id: 'attendance-mentor', label: 'Attendance mentor', weeks: 12 },
  { id: 'attendance-contract', label: 'Attendance contract', weeks: 6 },
  { id: 'early-help-plan', label: 'Early help plan', weeks: 12 },
  { id: 'support-plan', label: 'Support plan in school', weeks: 6 },
  { id: 'breakfast-club', label: 'Breakfast club', weeks: 6 },
  { id: 'family-meeting', label: 'Family meeting and follow-up', weeks: 4 },
  { id: 'wider-services', label: 'Referral to wider services', weeks: 8 },
  { id: 'joint-la-plan', label: 'Joint plan with the local authority', weeks: 12 },
];

export function interventionLabel(type: string): string {
  return INTERVENTION_TYPES.find((t) => t.id === type)?.label ?? type.replaceAll('-', ' ');
}

/** ISO date plus whole days, in UTC so no clock or time zone leaks in. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return date.toISOString().slice(0, 10);
}

interface InterventionFormProps {
  pupilId: string;
  today: string;
  idPrefix: string;
  onSave(intervention: InterventionInput): void | Promise<void>;
  onCancel(): void;
}

/** Start an intervention plan: type, start, planned length and review date. */
export function InterventionForm({
  pupilId,
  today,
  idPrefix,
  onSave,
  onCancel,
}: InterventionFormProps) {
  const [type, setType] = useState(INTERVENTION_TYPES[0]!.id);
  const [start, setStart] = useState(today);
  const [weeks, setWeeks] = useState(INTERVENTION_TYPES[0]!.weeks);
  const [reviewDate, setReviewDate] = useState(addDays(today, 7 * INTERVENTION_TYPES[0]!.weeks));
  const [by, setBy] = useState('');

  const chooseType = (id: string) => {
    setType(id);
    const planned = INTERVENTION_TYPES.find((t) => t.id === id)?.weeks ?? 6;
    setWeeks(planned);
    setReviewDate(addDays(start, 7 * planned));
  };

  return (
    <form
      class="rl-form"
      aria-labelledby={`${idPrefix}-title`}
      onSubmit={async (event) => {
        event.preventDefault();
        await onSave({
          pupilId,
          type,
          start,
          plannedWeeks: weeks,
          reviewDate,
          by: by.trim() || 'Not given',
        });
      }}
    >
      <h4 id={`${idPrefix}-title`}>Start an intervention</h4>
      <label class="rl-field">
        Type
        <select value={type} onChange={(e) => chooseType(e.currentTarget.value)}>
          {INTERVENTION_TYPES.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      <div class="rl-form__row">
        <label class="rl-field">
          Start
          <input
            type="date"
            value={start}
            onInput={(e) => {
              setStart(e.currentTarget.value);
              setReviewDate(addDays(e.currentTarget.value, 7 * weeks));
            }}
          />
        </label>
        <label class="rl-field">
          Planned length (weeks)
          <input
            type="number"
            min={1}
            max={52}
            value={weeks}
            onInput={(e) => {
              const n = Math.max(1, Math.min(52, Number(e.currentTarget.value) || 1));
              setWeeks(n);
              setReviewDate(addDays(start, 7 * n));
            }}
          />
        </label>
        <label class="rl-field">
          Review on
          <input
            type="date"
            value={reviewDate}
            onInput={(e) => setReviewDate(e.currentTarget.value)}
          />
        </label>
        <label class="rl-field">
          By
          <input type="text" value={by} onInput={(e) => setBy(e.currentTarget.value)} />
        </label>
      </div>
      <div class="rl-form__actions">
        <Button type="submit" variant="primary">
          Save intervention
        </Button>
        <Button onClick={onCancel}>Close</Button>
      </div>
    </form>
  );
}
