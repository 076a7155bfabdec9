import { useState } from 'preact/hooks';
import { englishSchoolYear, type SchoolCalendar } from '../../utils/attendance/calendar';
import { schoolCalendarSchema } from '../../utils/attendance/calendar-schema';
import { parseCalendarCsv } from './logic';

/**
 * The school calendar: the default English year until the school enters its own terms and INSET
 * days, by hand or from a small CSV.
 */
export function CalendarSection({
  value,
  today,
  onChange,
}: {
  /** Null: the default English year for whichever date is looked at. */
  value: SchoolCalendar | null;
  /** For the preview of the default year and the starting point of a custom one. */
  today: string;
  onChange(next: SchoolCalendar | null): void;
}) {
  const [errors, setErrors] = useState<string[]>([]);
  const [newClosure, setNewClosure] = useState('');
  const startYear = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) >= 9 ? 0 : 1);
  const shown = value ?? englishSchoolYear(startYear);

  const commit = (next: SchoolCalendar) => {
    const parsed = schoolCalendarSchema.safeParse(next);
    if (!parsed.success) {
      setErrors(['Every term needs a name and start and end dates.']);
      return;
    }
    setErrors([]);
    onChange(parsed.data);
  };

  const importFile = async (file: File) => {
    const result = parseCalendarCsv(await file.text());
    if (result.calendar) commit(result.calendar);
    else setErrors(result.errors);
  };

  return (
    <section aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">School calendar</h2>
      <p>
        {value
          ? 'Your own term dates and INSET days are in use.'
          : `The default English school year ${startYear}/${String(startYear + 1).slice(2)} is in use until you enter your own.`}
      </p>
      <table>
        <caption>Terms</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Starts</th>
            <th scope="col">Ends</th>
            {value ? <th scope="col">Remove</th> : null}
          </tr>
        </thead>
        <tbody>
          {shown.terms.map((term, i) => (
            <tr key={`${term.name}-${i}`}>
              {value ? (
                <>
                  <td>
                    <input
                      aria-label={`Name of term ${i + 1}`}
                      value={term.name}
                      onChange={(e) =>
                        commit(
                          editTerm(value, i, { name: (e.currentTarget as HTMLInputElement).value }),
                        )
                      }
                    />
                  </td>
                  <td>
                    <input
                      type="date"
                      aria-label={`Start of ${term.name}`}
                      value={term.start}
                      onChange={(e) =>
                        commit(
                          editTerm(value, i, {
                            start: (e.currentTarget as HTMLInputElement).value,
                          }),
                        )
                      }
                    />
                  </td>
                  <td>
                    <input
                      type="date"
                      aria-label={`End of ${term.name}`}
                      value={term.end}
                      onChange={(e) =>
                        commit(
                          editTerm(value, i, { end: (e.currentTarget as HTMLInputElement).value }),
                        )
                      }
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      onClick={() =>
                        commit({ ...value, terms: value.terms.filter((_, j) => j !== i) })
                      }
                    >
                      Remove {term.name}
                    </button>
                  </td>
                </>
              ) : (
                <>
                  <td>{term.name}</td>
                  <td>{term.start}</td>
                  <td>{term.end}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <p>Closures (INSET days and bank holidays): {shown.closures.join(', ') || 'none'}</p>
      {value ? (
        <div class="row">
          <button
            type="button"
            onClick={() => {
              const last = value.terms.at(-1);
              commit({
                ...value,
                terms: [
                  ...value.terms,
                  {
                    name: `Term ${value.terms.length + 1}`,
                    start: last?.end ?? today,
                    end: last?.end ?? today,
                  },
                ],
              });
            }}
          >
            Add a term
          </button>
          <label for="closure-date">INSET day or closure</label>
          <input
            id="closure-date"
            type="date"
            value={newClosure}
            onInput={(e) => setNewClosure((e.currentTarget as HTMLInputElement).value)}
          />
          <button
            type="button"
            disabled={!newClosure}
            onClick={() => {
              commit({ ...value, closures: [...new Set([...value.closures, newClosure])].sort() });
              setNewClosure('');
            }}
          >
            Add closure
          </button>
        </div>
      ) : null}
      <div class="row">
        {value ? (
          <button type="button" onClick={() => onChange(null)}>
            Use the default English school year
          </button>
        ) : (
          <button type="button" onClick={() => commit(englishSchoolYear(startYear))}>
            Edit term dates
          </button>
        )}
        <label for="calendar-csv">Import term dates (CSV)</label>
        <input
          id="calendar-csv"
          type="file"
          accept=".csv,text/csv"
          aria-describedby="calendar-csv-help"
          onChange={(e) => {
            const file = (e.currentTarget as HTMLInputElement).files?.[0];
            if (file) void importFile(file);
          }}
        />
      </div>
      <p id="calendar-csv-help" class="hint">
        One row per term as <code>name,start,end</code> and one per INSET day as{' '}
        <code>closure,date</code>; dates as 2025-09-03 or 03/09/2025.
      </p>
      {errors.length ? (
        <ul class="error" role="alert">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function editTerm(
  calendar: SchoolCalendar,
  index: number,
  change: Partial<SchoolCalendar['terms'][number]>,
): SchoolCalendar {
  return {
    ...calendar,
    terms: calendar.terms.map((t, i) => (i === index ? { ...t, ...change } : t)),
  };
}
