import { useState } from 'preact/hooks';
import {
  DEFAULT_THRESHOLDS,
  thresholdsSchema,
  type Thresholds,
} from '../../utils/attendance/thresholds';

type Key = keyof Thresholds;

interface FieldInfo {
  label: string;
  unit: string;
  step?: number;
}

/** Every threshold, in the words a pastoral lead would use. */
export const THRESHOLD_FIELDS: Record<Key, FieldInfo> = {
  severePct: { label: 'Severe absence at', unit: '% of sessions missed' },
  persistentPct: { label: 'Persistent absence at', unit: '% of sessions missed' },
  atRiskPct: { label: 'At risk at', unit: '% of sessions missed' },
  fewSessions: {
    label: 'Show counts instead of a band on fewer than',
    unit: 'possible sessions',
  },
  nearPersistentSessions: {
    label: 'Near persistent: within',
    unit: 'absent sessions of persistent absence',
  },
  recentWeeks: { label: 'Recent decline: look back', unit: 'school weeks' },
  recentDeclinePct: { label: 'Recent decline: recent absence at least', unit: '%' },
  recentDeclinePoints: { label: 'Recent decline: above the year so far by', unit: 'points' },
  recentDeclineMinSessions: { label: 'Recent decline: needs at least', unit: 'sessions' },
  spellsCount: { label: 'Repeated spells: at least', unit: 'separate spells of absence' },
  spellsWeeks: { label: 'Repeated spells: within', unit: 'school weeks' },
  weekdayWeeks: { label: 'Weekday pattern: look back', unit: 'school weeks' },
  weekdayMinDays: { label: 'Weekday pattern: at least', unit: 'days with absence' },
  weekdayShare: { label: 'Weekday pattern: share on one weekday', unit: '(0 to 1)', step: 0.05 },
  consecutiveSessions: { label: 'Absent in a row: at least', unit: 'sessions' },
  missingEducationSessions: {
    label: 'Possibly missing education: unexplained absence for',
    unit: 'sessions in a row',
  },
  unresolvedSchoolDays: { label: 'Unexplained absence: an N mark older than', unit: 'school days' },
  latenessCount: { label: 'Lateness: at least', unit: 'late marks' },
  latenessWeeks: { label: 'Lateness: within', unit: 'school weeks' },
  penaltySessions: { label: 'Review support at', unit: 'unauthorised sessions' },
  penaltyWeeks: { label: 'Review support: within', unit: 'school weeks' },
  partTimeWeeks: { label: 'Part-time timetable (C2): review after', unit: 'school weeks in a row' },
};

const BAND_KEYS: readonly Key[] = ['persistentPct', 'severePct', 'atRiskPct'];

export function ThresholdsSection({
  value,
  onChange,
}: {
  value: Thresholds;
  onChange(next: Thresholds): void;
}) {
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const keys = Object.keys(thresholdsSchema.shape) as Key[];
  const flagKeys = keys.filter((k) => !BAND_KEYS.includes(k));

  const set = (key: Key, text: string) => {
    const parsed = thresholdsSchema.shape[key].safeParse(text === '' ? undefined : Number(text));
    if (!parsed.success || text === '') {
      setErrors({ ...errors, [key]: 'Enter a number in range.' });
      return;
    }
    setErrors({ ...errors, [key]: undefined });
    onChange({ ...value, [key]: parsed.data });
  };

  const field = (key: Key) => {
    const info = THRESHOLD_FIELDS[key];
    const id = `threshold-${key}`;
    const error = errors[key];
    return (
      <div class="field" key={key}>
        <label for={id}>{info.label}</label>
        <input
          id={id}
          type="number"
          inputMode="decimal"
          step={info.step ?? 1}
          min={0}
          value={value[key]}
          aria-describedby={`${id}-unit${error ? ` ${id}-error` : ''}`}
          aria-invalid={error ? true : undefined}
          onChange={(e) => set(key, (e.currentTarget as HTMLInputElement).value)}
        />
        <span id={`${id}-unit`} class="unit">
          {info.unit} (default {DEFAULT_THRESHOLDS[key]})
        </span>
        {error ? (
          <span id={`${id}-error`} class="error" role="alert">
            {error}
          </span>
        ) : null}
      </div>
    );
  };

  return (
    <section aria-labelledby="thresholds-heading">
      <h2 id="thresholds-heading">Thresholds</h2>
      <p>
        Persistent (10%) and severe (50%) absence are the national definitions; change them only if
        your policy watches other lines.
      </p>
      <fieldset>
        <legend>Bands</legend>
        {BAND_KEYS.map(field)}
      </fieldset>
      <details>
        <summary>Early-warning flags</summary>
        <fieldset>
          <legend>Flag parameters</legend>
          {flagKeys.map(field)}
        </fieldset>
      </details>
      <button
        type="button"
        onClick={() => {
          setErrors({});
          onChange({ ...DEFAULT_THRESHOLDS });
        }}
      >
        Reset thresholds to defaults
      </button>
    </section>
  );
}
