import { useEffect, useState } from 'preact/hooks';
import { academicYearLabel } from '../../utils/attendance/prior';
import { isImportSite, type PriorImportResult, type PriorUndoResult } from '../../utils/store';
import { parsePriorSummaryCsv, type PriorCsvResult } from '../../utils/transfer/prior-csv';
import type { TransferApi } from './api';
import {
  ErrorAlert,
  ImportDone,
  LineErrors,
  LineWarnings,
  plural,
  SiteSelect,
  type UndoWords,
} from './parts';

/**
 * The import wizard's branch for prior-school summaries (a file whose header names
 * `academic_year` and `possible`): every line checked first, errors listed by line and nothing
 * saved while there are any, then one transaction on confirm, with undo. The summaries are kept
 * as last year's evidence and never counted in this year's figures.
 */

const SUMMARY_WORDS: UndoWords = {
  one: 'summary',
  many: 'summaries',
  earlier: ['earlier summary', 'earlier summaries'],
  newer: ['newer summary', 'newer summaries'],
};

type State =
  | { kind: 'reading' }
  | { kind: 'plan'; parsed: PriorCsvResult; matched: number | null }
  | { kind: 'saving' }
  | { kind: 'done'; result: PriorImportResult; undone: PriorUndoResult | null };

export interface PriorImportProps {
  file: File;
  api: TransferApi;
  sites: { id: string; label: string }[];
  siteId: string;
  onSite(siteId: string): void;
  /** Back to choosing a file. */
  onReset(): void;
}

export function PriorImport({ file, api, sites, siteId, onSite, onReset }: PriorImportProps) {
  const [state, setState] = useState<State>({ kind: 'reading' });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const parsed = parsePriorSummaryCsv(await file.text());
        const ids = [...new Set(parsed.rows.map((r) => r.pupilId))];
        const matched = siteId ? await api.priorMatches(siteId, ids) : null;
        if (live) setState({ kind: 'plan', parsed, matched });
      } catch (e) {
        if (live) setError(`The file could not be read: ${e instanceof Error ? e.message : e}`);
      }
    })();
    return () => {
      live = false;
    };
  }, [file, api, siteId]);

  async function confirm(parsed: PriorCsvResult) {
    setError(null);
    setState({ kind: 'saving' });
    try {
      const result = await api.importPriorSummaries(parsed.rows, {
        siteId,
        batchLabel: file.name,
        at: api.now(),
      });
      if (result.pupilIds.length) await api.recompute(result.pupilIds).catch(() => undefined);
      setState({ kind: 'done', result, undone: null });
    } catch (e) {
      setState({ kind: 'plan', parsed, matched: null });
      setError(`Nothing was imported: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async function undo(current: Extract<State, { kind: 'done' }>) {
    setError(null);
    try {
      const undone = await api.undoPriorImport(current.result.batchId, api.now());
      if (undone.pupilIds.length) await api.recompute(undone.pupilIds).catch(() => undefined);
      setState({ ...current, undone });
    } catch (e) {
      setError(`The import could not be undone: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  return (
    <div class="rl-prior-import">
      <h3>Prior-school attendance summaries</h3>
      <p class="hint">
        <strong>{file.name}</strong> holds one row per pupil and school year (possible, present,
        authorised and unauthorised sessions), as a previous school reports them. They are kept as
        last year’s evidence, shown as such, and never counted in this year’s figures.
      </p>
      <ErrorAlert message={error} />
      {state.kind === 'reading' || state.kind === 'saving' ? (
        <p role="status">{state.kind === 'reading' ? 'Checking every row…' : 'Saving…'}</p>
      ) : null}
      {state.kind === 'plan' ? (
        <PlanView
          parsed={state.parsed}
          matched={state.matched}
          sites={sites}
          siteId={siteId}
          onSite={onSite}
          onConfirm={() => void confirm(state.parsed)}
          onCancel={onReset}
        />
      ) : null}
      {state.kind === 'done' ? (
        <ImportDone
          label={file.name}
          imported={`Imported ${file.name}: ${plural(state.result.added, 'new summary', 'new summaries')}, ${plural(state.result.replaced, 'replaced summary', 'replaced summaries')}, for ${plural(state.result.pupilIds.length, 'pupil')} already known here.`}
          undone={state.undone}
          words={SUMMARY_WORDS}
          onUndo={() => void undo(state)}
          onReset={onReset}
        />
      ) : null}
    </div>
  );
}

function PlanView({
  parsed,
  matched,
  sites,
  siteId,
  onSite,
  onConfirm,
  onCancel,
}: {
  parsed: PriorCsvResult;
  matched: number | null;
  sites: { id: string; label: string }[];
  siteId: string;
  onSite(siteId: string): void;
  onConfirm(): void;
  onCancel(): void;
}) {
  const pupils = new Set(parsed.rows.map((r) => r.pupilId)).size;
  const years = [...new Set(parsed.rows.map((r) => r.academicYear))].sort();
  const hasErrors = parsed.errors.length > 0;
  return (
    <div>
      <SiteSelect
        id="rl-prior-site"
        label="Which MIS are these pupils on?"
        sites={sites}
        siteId={siteId}
        onSite={onSite}
      />
      <h4>Before anything is saved</h4>
      <ul aria-label="What this import will do">
        <li>
          {plural(parsed.rows.length, 'summary', 'summaries')} for {plural(pupils, 'pupil')}
          {years.length ? `, school years ${years.map(academicYearLabel).join(', ')}` : ''}
        </li>
        <li>
          {isImportSite(siteId) ? 'Kept with the separate imported set' : `Attached to ${siteId}`}
          {matched !== null
            ? `: ${plural(matched, 'pupil')} already known there; the rest are matched when their register is first read`
            : ''}
        </li>
      </ul>
      {hasErrors ? (
        <LineErrors
          errors={parsed.errors}
          consequence="Nothing will be saved: correct the file and choose it again."
        />
      ) : null}
      <LineWarnings warnings={parsed.warnings} />
      <div class="row">
        <button
          type="button"
          disabled={hasErrors || parsed.rows.length === 0 || !siteId}
          onClick={onConfirm}
        >
          {`Import ${plural(parsed.rows.length, 'summary', 'summaries')}`}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
