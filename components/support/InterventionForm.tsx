import { useState } from 'preact/hooks';
import type { InterventionInput } from '../panel/model';
import {
  INTERVENTION_TYPES,
  planDefaults,
  type InterventionType,
} from '../../utils/support/records';
import { INTERVENTION_LABELS } from '../../utils/support/wording';
import { Button } from '../ui/Button';

/** The plans staff usually start, first in the list; every other recordable type follows. */
const COMMON: readonly InterventionType[] = [
  'attendance-mentor',
  'attendance-contract',
  'early-help-plan',
  'support-plan',
  'breakfast-club',
  'joint-la-plan',
];
const ORDERED: readonly InterventionType[] = [
  ...COMMON,
  ...INTERVENTION_TYPES.filter((t) => !COMMON.includes(t)),
];

export function interventionLabel(type: string): string {
  return (INTERVENTION_LABELS as Record<string, string>)[type] ?? type.replaceAll('-', ' ');
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
  const first = ORDERED[0]!;
  const [type, setType] = useState<InterventionType>(first);
  const [start, setStart] = useState(today);
  const [weeks, setWeeks] = useState(planDefaults(first, today).plannedWeeks);
  const [reviewDate, setReviewDate] = useState(planDefaults(first, today).reviewDate);
  const [by, setBy] = useState('');

  // The review date follows the type's usual review point (a contract is reviewed after a few
  // weeks, not at its end); staff can still change it.
  const chooseType = (id: InterventionType) => {
    setType(id);
    const plan = planDefaults(id, start);
    setWeeks(plan.plannedWeeks);
    setReviewDate(plan.reviewDate);
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
        <select
          value={type}
          onChange={(e) => chooseType(e.currentTarget.value as InterventionType)}
        >
          {ORDERED.map((t) => (
            <option key={t} value={t}>
              {interventionLabel(t)}
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
              setReviewDate(planDefaults(type, e.currentTarget.value).reviewDate);
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
