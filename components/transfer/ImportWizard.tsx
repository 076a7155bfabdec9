import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { isImportSite, type ImportResult, type UndoResult } from '../../utils/store';
import {
  commitImport,
  ImportRefused,
  parseFile,
  readHead,
  type ImportProgress,
  type ParsedFile,
  type WorkerFactory,
} from '../../utils/transfer/import-client';
import { progressAt } from '../../utils/transfer/import-protocol';
import {
  columnMappingSchema,
  DATE_FORMATS,
  detectShape,
  LAYOUTS,
  emptyPlan,
  planRows,
  previewRows,
  SHAPE_LABELS,
  type ColumnMapping,
  type Detection,
  type ImportChoice,
  type ImportPlan,
  type Layout,
} from '../../utils/transfer/shapes';
import { looksLikePriorSummary } from '../../utils/transfer/prior-csv';
import type { TransferApi } from './api';
import {
  ErrorAlert,
  ImportDone,
  LineErrors,
  LineWarnings,
  plural,
  MARK_WORDS,
  SiteSelect,
} from './parts';
import { PriorImport } from './PriorImport';
import { createUnfinishedModel } from './unfinished';
import { UnfinishedImports } from './UnfinishedImports';

type Step =
  | { kind: 'choose' }
  | {
      kind: 'shape';
      file: File;
      head: string;
      detection: Detection;
      mapping: Partial<ColumnMapping>;
      editing: boolean;
    }
  | { kind: 'working'; progress: ImportProgress }
  | {
      kind: 'plan';
      file: File;
      parsed: ParsedFile;
      plan: ImportPlan;
      siteId: string;
      /** Distinct pupil ids of the file already stored on the site (null: not known). */
      matched: number | null;
    }
  | { kind: 'done'; result: ImportResult; label: string; undone: UndoResult | null }
  /** A prior-school summary file: its own branch (PriorImport.tsx). */
  | { kind: 'prior'; file: File };

const PHASE_TEXT: Record<ImportProgress['phase'], string> = {
  reading: 'Reading the file',
  parsing: 'Reading and checking every row',
  checking: 'Comparing with what is already stored',
  writing: 'Saving the marks',
};

const LAYOUT_LABELS: Record<Layout, string> = {
  'session-rows': 'One row per pupil per session (a session and a mark column)',
  'am-pm-columns': 'One row per pupil per day (an AM and a PM column)',
  'week-string': 'One row per pupil per week (ten marks, Monday AM to Friday PM)',
};

const FIELD_LABELS: [keyof ColumnMapping, string, Layout[] | null][] = [
  ['pupilId', 'Pupil id (UPN, admission number or MIS id)', null],
  ['name', 'Full name', null],
  ['surname', 'Surname', null],
  ['forename', 'Forename', null],
  ['group', 'Registration group', null],
  ['date', 'Date (the week’s Monday for weekly rows)', null],
  ['session', 'Session (AM or PM)', ['session-rows']],
  ['mark', 'Mark', ['session-rows']],
  ['am', 'AM mark', ['am-pm-columns']],
  ['pm', 'PM mark', ['am-pm-columns']],
  ['weekMarks', 'Week’s marks', ['week-string']],
];

export interface ImportWizardProps {
  api: TransferApi;
  /** Overrides the parsing worker (tests run without one). */
  createWorker?: WorkerFactory | null;
}

/**
 * Choose a file → its shape is recognised, or the user maps its columns with a live preview →
 * a dry run lists every error by line and what will change → confirm → one transaction →
 * done, with undo. Nothing is written before the user confirms, and nothing from a file with
 * errors unless they choose to import only its valid rows.
 */
export function ImportWizard({ api, createWorker }: ImportWizardProps) {
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [sites, setSites] = useState<{ id: string; label: string }[]>([]);
  const [siteId, setSiteId] = useState<string>('');
  const [onlyValid, setOnlyValid] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  /** A file to choose again after its unfinished import was undone (its name). */
  const [again, setAgain] = useState<{ label: string } | null>(null);

  // Imports a closed page left unfinished, with their undo (unfinished.ts).
  const unfinished = useMemo(() => {
    const watch = api.watchUnfinishedImports?.bind(api);
    return watch
      ? createUnfinishedModel({
          watch,
          locks: api.importLocks ?? null,
          undo: (batchId) => api.undoImport(batchId, api.now()),
          recompute: (pupilIds) => api.recompute(pupilIds),
        })
      : null;
  }, [api]);
  useEffect(() => unfinished?.start(), [unfinished]);

  useEffect(() => {
    void api.sites().then((list) => {
      setSites(list);
      // The site read most recently (listed first): an export is usually of the MIS in use.
      setSiteId(
        (current) => current || (list.find((s) => !isImportSite(s.id)) ?? list[0])?.id || '',
      );
    });
  }, [api]);

  // The parsed file's rows (in its worker) until the import is written or abandoned.
  const held = useRef<ParsedFile | null>(null);
  const release = () => {
    held.current?.close();
    held.current = null;
  };
  useEffect(() => release, []);

  // Back to the file input for a file whose unfinished import was undone: focused, its picker
  // opened by the same press.
  useEffect(() => {
    if (again === null || step.kind !== 'choose' || !fileInput.current) return;
    fileInput.current.focus();
    fileInput.current.click();
  }, [again, step.kind]);

  const reset = () => {
    release();
    setStep({ kind: 'choose' });
    setOnlyValid(false);
    setError(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  async function choose(file: File) {
    setError(null);
    try {
      const head = await readHead(file);
      if (looksLikePriorSummary(head)) {
        setStep({ kind: 'prior', file });
        return;
      }
      const detection = detectShape(head);
      setStep({
        kind: 'shape',
        file,
        head,
        detection,
        mapping: detection.mapping,
        editing: detection.shape === 'unknown',
      });
    } catch (e) {
      setError(`The file could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async function dryRun(file: File, choice: ImportChoice) {
    setError(null);
    // Marks for the import benchmark (scripts/bench/cases/import.ts); harmless elsewhere.
    performance.mark('rl-import:check');
    setStep({ kind: 'working', progress: progressAt('reading', 0, 1) });
    try {
      const parsed = await parseFile(
        file,
        choice,
        (progress) => setStep({ kind: 'working', progress }),
        createWorker === undefined ? undefined : createWorker,
      );
      held.current = parsed;
      setStep({ kind: 'working', progress: progressAt('checking', 0, 1) });
      // A part at a time: the page never holds more of the file's rows than one part.
      const plan = emptyPlan(parsed);
      let matched: number | null = isImportSite(siteId) || !api.matchedPupils ? null : 0;
      for (let i = 0; i < parsed.partCount; i++) {
        const rows = await parsed.part(i);
        const ids = rows.map((r) => r.pupilId);
        planRows(plan, rows, await api.existingMarks(siteId, ids));
        // Each pupil's rows are in one part: the parts' counts add up.
        if (matched !== null) matched += (await api.matchedPupils?.(siteId, ids)) ?? 0;
        setStep({ kind: 'working', progress: progressAt('checking', i + 1, parsed.partCount) });
      }
      performance.measure('rl-import:check', 'rl-import:check');
      setOnlyValid(false);
      setStep({ kind: 'plan', file, parsed, plan, siteId, matched });
    } catch (e) {
      release();
      setStep({ kind: 'choose' });
      setError(`The file could not be checked: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async function confirm(current: Extract<Step, { kind: 'plan' }>) {
    setError(null);
    setStep({ kind: 'working', progress: progressAt('writing', 0, 1) });
    performance.mark('rl-import:write');
    try {
      const at = api.now();
      const result = await commitImport(current.parsed, {
        batchLabel: current.file.name,
        siteId: current.siteId,
        onlyValid,
        at,
        importRows: (rows, options) => api.importRows(rows, options),
        undoImport: (batchId) => api.undoImport(batchId, at),
        onPart: (done, total) =>
          setStep({ kind: 'working', progress: progressAt('writing', done, total) }),
        locks: api.importLocks ?? null,
      });
      performance.measure('rl-import:write', 'rl-import:write');
      release();
      await api.recompute(result.pupilIds).catch(() => undefined);
      setStep({ kind: 'done', result, label: current.file.name, undone: null });
    } catch (e) {
      setStep(current);
      setError(
        e instanceof ImportRefused
          ? e.message
          : `Nothing was imported: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  async function undo(current: Extract<Step, { kind: 'done' }>) {
    setError(null);
    try {
      const undone = await api.undoImport(current.result.batchId, api.now());
      await api.recompute(current.result.pupilIds).catch(() => undefined);
      setStep({ ...current, undone });
    } catch (e) {
      setError(`The import could not be undone: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  return (
    <section aria-labelledby="rl-import-heading" class="rl-transfer">
      <h2 id="rl-import-heading">Import marks from a CSV file</h2>
      <p class="hint">
        Bring in history from your MIS: the Register Lens marks CSV, a report with one row per pupil
        per day (AM and PM columns), one row per pupil per week (ten marks, Monday AM to Friday PM),
        or any other CSV whose columns you choose. A previous school’s attendance summary (columns
        pupil_id, academic_year, possible, present, authorised, unauthorised and optionally school)
        is recognised and kept as last year’s evidence. Nothing is saved until you confirm.
      </p>
      {unfinished ? (
        <UnfinishedImports
          model={unfinished}
          onImportAgain={(label) => {
            // Never over an import under way: its own progress is on show.
            if (step.kind === 'working') return;
            reset();
            setAgain({ label });
          }}
        />
      ) : null}
      <ErrorAlert message={error} />

      {step.kind === 'choose' ? (
        <div class="field">
          <label for="rl-import-file">Choose a CSV file</label>
          {again !== null ? (
            <p class="hint" id="rl-import-again">
              Choose {again.label} again to import it whole.
            </p>
          ) : null}
          <input
            aria-describedby={again !== null ? 'rl-import-again' : undefined}
            ref={fileInput}
            id="rl-import-file"
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(e) => {
              const file = (e.currentTarget as HTMLInputElement).files?.[0];
              if (file) {
                setAgain(null);
                void choose(file);
              }
            }}
          />
        </div>
      ) : null}

      {step.kind === 'shape' ? (
        <ShapeStep
          step={step}
          sites={sites}
          siteId={siteId}
          onSite={setSiteId}
          onMapping={(mapping) => setStep({ ...step, mapping })}
          onEdit={() => setStep({ ...step, editing: true })}
          onCancel={reset}
          onCheck={(choice) => void dryRun(step.file, choice)}
        />
      ) : null}

      {step.kind === 'prior' ? (
        <PriorImport
          file={step.file}
          api={api}
          sites={sites}
          siteId={siteId}
          onSite={setSiteId}
          onReset={reset}
        />
      ) : null}

      {step.kind === 'working' ? <ProgressBar progress={step.progress} /> : null}

      {step.kind === 'plan' ? (
        <PlanStep
          step={step}
          onlyValid={onlyValid}
          onOnlyValid={setOnlyValid}
          onConfirm={() => void confirm(step)}
          onCancel={reset}
        />
      ) : null}

      {step.kind === 'done' ? (
        <ImportDone
          label={step.label}
          imported={`Imported ${step.label}: ${plural(step.result.added, 'new mark')}, ${plural(step.result.corrected, 'correction')}, ${plural(step.result.unchanged, 'mark')} already stored, for ${plural(step.result.pupilIds.length, 'pupil')}.`}
          undone={step.undone}
          words={MARK_WORDS}
          onUndo={() => void undo(step)}
          onReset={reset}
        />
      ) : null}
    </section>
  );
}

function ProgressBar({ progress }: { progress: ImportProgress }) {
  const pct = Math.round(progress.fraction * 100);
  return (
    <div class="rl-progress">
      <label for="rl-import-progress" id="rl-import-progress-label">
        {PHASE_TEXT[progress.phase]}… {pct}%
      </label>
      <progress
        id="rl-import-progress"
        max={100}
        value={pct}
        aria-valuetext={`${PHASE_TEXT[progress.phase]}, ${pct}%`}
      >
        {pct}%
      </progress>
    </div>
  );
}

function ShapeStep({
  step,
  sites,
  siteId,
  onSite,
  onMapping,
  onEdit,
  onCancel,
  onCheck,
}: {
  step: Extract<Step, { kind: 'shape' }>;
  sites: { id: string; label: string }[];
  siteId: string;
  onSite(id: string): void;
  onMapping(mapping: Partial<ColumnMapping>): void;
  onEdit(): void;
  onCancel(): void;
  onCheck(choice: ImportChoice): void;
}) {
  const { detection, mapping, head, editing } = step;
  const canonical = detection.shape === 'canonical' && !editing;
  const parsedMapping = useMemo(() => columnMappingSchema.safeParse(mapping), [mapping]);
  const preview = useMemo(
    () => (parsedMapping.success ? previewRows(head, parsedMapping.data, 6) : null),
    [head, parsedMapping],
  );
  const layout = mapping.layout ?? 'session-rows';
  const set = (key: keyof ColumnMapping, value: string) => {
    const next: Partial<ColumnMapping> = { ...mapping };
    if (value === '') delete next[key];
    else
      (next as Record<string, unknown>)[key] =
        key === 'layout' || key === 'dateFormat' ? value : Number(value);
    onMapping(next);
  };
  const missing = parsedMapping.success ? [] : parsedMapping.error.issues.map((i) => i.message);

  return (
    <div>
      <p role="status">
        <strong>{step.file.name}</strong>:{' '}
        {editing ? 'Columns chosen by you' : SHAPE_LABELS[detection.shape]}
      </p>
      {sites.length > 1 ? (
        <SiteSelect
          id="rl-import-site"
          label="Which MIS is this file from?"
          sites={sites}
          siteId={siteId}
          onSite={onSite}
        >
          <p class="hint">
            Attach the file to the MIS it was exported from, and each pupil’s history joins the
            pupil on that register (matched by the pupil id the MIS shows, such as the admission
            number). Keep it as a separate imported set when its ids are not the ones the register
            shows.
          </p>
        </SiteSelect>
      ) : null}

      {!canonical && editing ? (
        <fieldset>
          <legend>Which column holds what</legend>
          <div class="field">
            <label for="rl-map-layout">Layout</label>
            <select
              id="rl-map-layout"
              value={layout}
              onChange={(e) => set('layout', (e.currentTarget as HTMLSelectElement).value)}
            >
              {LAYOUTS.map((l) => (
                <option key={l} value={l}>
                  {LAYOUT_LABELS[l]}
                </option>
              ))}
            </select>
          </div>
          {FIELD_LABELS.filter(([, , layouts]) => !layouts || layouts.includes(layout)).map(
            ([key, label]) => (
              <div class="field" key={key}>
                <label for={`rl-map-${key}`}>{label}</label>
                <select
                  id={`rl-map-${key}`}
                  value={mapping[key] === undefined ? '' : String(mapping[key])}
                  onChange={(e) => set(key, (e.currentTarget as HTMLSelectElement).value)}
                >
                  <option value="">(none)</option>
                  {detection.header.map((h, i) => (
                    <option key={i} value={String(i)}>
                      {h || `Column ${i + 1}`}
                    </option>
                  ))}
                </select>
              </div>
            ),
          )}
          <div class="field">
            <label for="rl-map-dateFormat">Date format</label>
            <select
              id="rl-map-dateFormat"
              value={mapping.dateFormat ?? 'auto'}
              onChange={(e) => set('dateFormat', (e.currentTarget as HTMLSelectElement).value)}
            >
              {DATE_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f === 'auto' ? 'Work it out (day before month)' : f}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
      ) : null}

      {missing.length > 0 && !canonical ? (
        <p class="error" role="alert">
          Still to choose: {missing.join('; ')}.
        </p>
      ) : null}

      {preview ? (
        <table>
          <caption>The first rows as they will be read</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Pupil id</th>
              <th scope="col">Name</th>
              <th scope="col">Group</th>
              <th scope="col">Date</th>
              <th scope="col">Session</th>
              <th scope="col">Mark</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.slice(0, 10).map((r, i) => (
              <tr key={i}>
                <td>{r.line}</td>
                <td>{r.pupilId}</td>
                <td>{r.name ?? ''}</td>
                <td>{r.group ?? ''}</td>
                <td>{r.date}</td>
                <td>{r.session}</td>
                <td>{r.mark === '' ? '(no mark)' : r.mark}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {preview && preview.errors.length > 0 ? (
        <ul class="error" aria-label="Problems in the first rows">
          {preview.errors.map((e, i) => (
            <li key={i}>
              Line {e.line}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}

      <div class="row">
        <button
          type="button"
          disabled={!canonical && !parsedMapping.success}
          onClick={() =>
            onCheck(
              canonical
                ? { shape: 'canonical' }
                : { shape: 'mapped', mapping: columnMappingSchema.parse(mapping) },
            )
          }
        >
          Check the whole file
        </button>
        {!editing ? (
          <button type="button" onClick={onEdit}>
            Choose the columns myself
          </button>
        ) : null}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function PlanStep({
  step,
  onlyValid,
  onOnlyValid,
  onConfirm,
  onCancel,
}: {
  step: Extract<Step, { kind: 'plan' }>;
  onlyValid: boolean;
  onOnlyValid(value: boolean): void;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { plan, parsed } = step;
  const hasErrors = plan.errors.length > 0;
  const blocked = (hasErrors && !onlyValid) || plan.rows === 0;
  return (
    <div>
      <h3>Before anything is saved</h3>
      {parsed.encoding === 'windows-1252' ? (
        <p class="hint">
          The file is not UTF-8, so it was read as Windows-1252 (as Excel saves CSV). Check accented
          names in the preview.
        </p>
      ) : null}
      <ul aria-label="What this import will do">
        <li>
          {isImportSite(step.siteId)
            ? 'Kept as a separate imported set, apart from every register'
            : `Attached to ${step.siteId}`}
          {step.matched !== null
            ? `: ${plural(step.matched, 'pupil')} already known there, ${plural(Math.max(0, plan.pupils - step.matched), 'new pupil')}`
            : ''}
        </li>
        <li>
          {plural(plan.rows, 'mark')} for {plural(plan.pupils, 'pupil')}
          {plan.dateRange ? `, ${plan.dateRange.from} to ${plan.dateRange.to}` : ''}
        </li>
        <li>{plural(plan.added, 'new mark')} to add</li>
        <li>{plural(plan.replaced, 'stored mark')} to replace</li>
        <li>{plural(plan.unchanged, 'mark')} already stored as they are</li>
      </ul>
      {plan.replacements.length > 0 ? (
        <details>
          <summary>Marks that will change</summary>
          <ul>
            {plan.replacements.map((r, i) => (
              <li key={i}>
                Line {r.line}: {r.pupilId} {r.date} {r.session}: “{r.from || 'no mark'}” becomes “
                {r.to || 'no mark'}”
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {step.matched === 0 && plan.pupils > 0 ? (
        <p class="hint" role="note">
          None of the file’s pupil ids matches a pupil already read on {step.siteId}. If the file is
          from another MIS, or its ids are not the ones the register shows, go back and keep it as a
          separate imported set.
        </p>
      ) : null}
      {hasErrors ? (
        <LineErrors
          errors={plan.errors}
          consequence="Nothing will be saved unless you choose to import only the valid rows."
        >
          {plan.rows > 0 ? (
            <div class="field">
              <input
                id="rl-import-only-valid"
                type="checkbox"
                checked={onlyValid}
                onChange={(e) => onOnlyValid((e.currentTarget as HTMLInputElement).checked)}
              />
              <label for="rl-import-only-valid">
                Import only the valid rows ({plural(plan.rows, 'mark')}) and skip the lines with
                errors
              </label>
            </div>
          ) : null}
        </LineErrors>
      ) : null}
      <LineWarnings warnings={plan.warnings} />
      <div class="row">
        <button type="button" disabled={blocked} onClick={onConfirm}>
          {hasErrors ? 'Import the valid rows' : `Import ${plural(plan.rows, 'mark')}`}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
