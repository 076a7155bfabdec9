import { useState } from 'preact/hooks';
import { ALL_CODES, codeInfo } from '../../utils/attendance/codes';
import { mapMark, type MarkMapping } from '../../utils/registers/mapping';
import type { RegisterLabel } from './api';

/** The settings' label → code record as the reader's mapping ('' maps a label to no code). */
export function toMarkMapping(mappings: Record<string, string>): MarkMapping {
  return {
    entries: Object.entries(mappings).map(([raw, code]) => ({ raw, code: code || null })),
  };
}

/**
 * Mappings for descriptive MIS marks and school sub-codes, with a live preview of what the last
 * register read would map to under the table as it stands.
 */
export function MappingsSection({
  value,
  labels,
  today,
  onChange,
}: {
  value: Record<string, string>;
  /** The last register's labels; empty when nothing has been read yet. */
  labels: readonly RegisterLabel[];
  today: string;
  onChange(next: Record<string, string>): void;
}) {
  const [newLabel, setNewLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const rows = Object.entries(value);
  const mapping = toMarkMapping(value);

  const codeSelect = (id: string, label: string, code: string, onSelect: (c: string) => void) => (
    <select
      id={id}
      aria-label={label}
      value={code}
      onChange={(e) => onSelect((e.currentTarget as HTMLSelectElement).value)}
    >
      <option value="">No code (leave unmapped)</option>
      {ALL_CODES.map((c) => (
        <option key={c} value={c}>
          {c} {codeInfo(c, today)?.meaning ?? '(legacy code)'}
        </option>
      ))}
    </select>
  );

  return (
    <section aria-labelledby="mappings-heading">
      <h2 id="mappings-heading">Mark mappings</h2>
      <p>
        Tell Register Lens which statutory code your MIS's words or your school's sub-codes mean.
        Matching ignores capitals and spacing. A label with no mapping is shown as unknown, never
        guessed.
      </p>
      <table>
        <caption>Your mappings</caption>
        <thead>
          <tr>
            <th scope="col">Label on the register</th>
            <th scope="col">Code</th>
            <th scope="col">Remove</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={3}>No mappings yet: built-in meanings are used.</td>
            </tr>
          ) : null}
          {rows.map(([label, code], i) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>
                {codeSelect(`mapping-${i}`, `Code for ${label}`, code, (c) =>
                  onChange({ ...value, [label]: c }),
                )}
              </td>
              <td>
                <button
                  type="button"
                  onClick={() => {
                    const next = { ...value };
                    delete next[label];
                    onChange(next);
                  }}
                >
                  Remove {label}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          const label = newLabel.trim();
          if (!label) return setError('Enter the label as the register shows it.');
          if (label in value) return setError('That label is already mapped.');
          setError(null);
          setNewLabel('');
          onChange({ ...value, [label]: '' });
        }}
      >
        <label for="mapping-new">Add a label</label>
        <input
          id="mapping-new"
          value={newLabel}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'mapping-error' : undefined}
          onInput={(e) => setNewLabel((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit">Add</button>
        {error ? (
          <span id="mapping-error" class="error" role="alert">
            {error}
          </span>
        ) : null}
      </form>
      <table>
        <caption>Preview: the last register read</caption>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Session</th>
            <th scope="col">Pupils</th>
            <th scope="col">Stored as</th>
            <th scope="col">With these mappings</th>
          </tr>
        </thead>
        <tbody>
          {labels.length === 0 ? (
            <tr>
              <td colSpan={5}>No register has been read yet.</td>
            </tr>
          ) : null}
          {labels.map((l) => {
            const result = mapMark(l.raw, l.session, { site: mapping });
            // Stored marks use '' for "no mark yet" and '?' for a label that maps to no code.
            const mapped = result.unmarked ? '' : (result.code ?? '?');
            const changed = mapped !== l.code;
            return (
              <tr key={`${l.raw}-${l.session}`} class={changed ? 'changed' : undefined}>
                <th scope="row">{l.raw}</th>
                <td>{l.session}</td>
                <td>{l.count}</td>
                <td>{describe(l.code)}</td>
                <td>
                  {describe(mapped)}
                  {changed ? ' (changed)' : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

const describe = (code: string): string => (code === '?' ? 'unknown' : code || 'no mark');
