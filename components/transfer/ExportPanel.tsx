import { useRef, useState } from 'preact/hooks';
import { TrendChart } from '../charts/TrendChart';
import {
  AUDIENCE_LABELS,
  cohortSeriesCsv,
  cohortSummary,
  cohortSummaryCsv,
  cohortSummaryJson,
  cohortWeeks,
  figuresCsv,
  figuresJson,
  weeklySeriesCsv,
  weeklySeriesJson,
  withCumulative,
  type Audience,
} from '../../utils/transfer/export';
import {
  canvasToPngBlob,
  downloadBlob,
  exportFilename,
  textBlob,
} from '../../utils/transfer/download';
import { createPseudonymiser } from '../../utils/transfer/pseudonym';
import type { TransferApi } from './api';

type What = 'figures' | 'weekly' | 'cohort-series' | 'summary';
type Format = 'csv' | 'json';

const WHAT_LABELS: Record<What, string> = {
  figures: 'Each pupil’s figures and flags',
  weekly: 'Each pupil’s weekly trend',
  'cohort-series': 'The whole cohort’s weekly trend (aggregates only)',
  summary: 'Cohort summary for a meeting (aggregates only, small numbers hidden)',
};

const NATIONAL = { label: 'England overall absence 2023/24 (7.1%)', absencePct: 7.1 };

export function ExportPanel({ api, doc = document }: { api: TransferApi; doc?: Document }) {
  const [what, setWhat] = useState<What>('figures');
  const [format, setFormat] = useState<Format>('csv');
  const [audience, setAudience] = useState<Audience>('hub');
  const [includeNames, setIncludeNames] = useState(false);
  const [includeMisIds, setIncludeMisIds] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chart, setChart] = useState<{ weekStart: string; absencePct: number | null }[] | null>(
    null,
  );
  const chartBox = useRef<HTMLDivElement>(null);
  const perPupil = what === 'figures' || what === 'weekly';

  async function run() {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const now = api.now();
      const date = now.slice(0, 10);
      const identity = {
        pseudonymiser: await createPseudonymiser(await api.pseudonymSecret()),
        includeNames: perPupil && includeNames,
        includeMisIds: perPupil && includeMisIds,
      };
      let text: string;
      let name: string;
      if (what === 'figures' || what === 'summary') {
        const { asOf, pupils } = await api.figures();
        if (pupils.length === 0)
          throw new Error('There are no figures yet: import or read some registers first.');
        const meta = { asOf: asOf ?? date, generatedAt: now };
        if (what === 'figures') {
          text =
            format === 'csv'
              ? await figuresCsv(pupils, meta, identity)
              : await figuresJson(pupils, meta, identity);
          name = exportFilename(identity.includeNames ? 'figures-named' : 'figures', date, format);
        } else {
          const summary = cohortSummary(pupils, { ...meta, audience });
          text = format === 'csv' ? cohortSummaryCsv(summary) : cohortSummaryJson(summary);
          name = exportFilename(`summary-${audience}`, date, format);
        }
      } else {
        const series = await api.weeklySeries();
        if (series.length === 0)
          throw new Error('There are no marks yet: import or read some registers first.');
        if (what === 'weekly') {
          text =
            format === 'csv'
              ? await weeklySeriesCsv(series, identity)
              : await weeklySeriesJson(series, { asOf: date, generatedAt: now }, identity);
          name = exportFilename(identity.includeNames ? 'weekly-named' : 'weekly', date, format);
        } else {
          text = cohortSeriesCsv(series);
          name = exportFilename('cohort-weekly', date, 'csv');
        }
      }
      downloadBlob(
        doc,
        textBlob(
          text,
          format === 'json' && what !== 'cohort-series' ? 'application/json' : 'text/csv',
        ),
        name,
      );
      setStatus(`Saved ${name}.`);
    } catch (e) {
      setError(`The export could not be made: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }

  async function showChart() {
    setError(null);
    try {
      const series = await api.weeklySeries();
      setChart(
        withCumulative(cohortWeeks(series)).map((w) => ({
          weekStart: w.weekStart,
          absencePct: w.absencePct,
        })),
      );
    } catch (e) {
      setError(`The chart could not be drawn: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async function saveChart() {
    const canvas = chartBox.current?.querySelector('canvas');
    if (!canvas) return;
    try {
      const blob = await canvasToPngBlob(canvas);
      const name = exportFilename('cohort-trend', api.now().slice(0, 10), 'png');
      downloadBlob(doc, blob, name);
      setStatus(`Saved ${name}.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <section aria-labelledby="rl-export-heading" class="rl-transfer">
      <h2 id="rl-export-heading">Export figures and trends</h2>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <p role="status" class="status">
        {status}
      </p>
      <fieldset>
        <legend>What to export</legend>
        {(Object.keys(WHAT_LABELS) as What[]).map((w) => (
          <div class="field" key={w}>
            <input
              id={`rl-export-${w}`}
              type="radio"
              name="rl-export-what"
              checked={what === w}
              onChange={() => setWhat(w)}
            />
            <label for={`rl-export-${w}`}>{WHAT_LABELS[w]}</label>
          </div>
        ))}
      </fieldset>
      {what !== 'cohort-series' ? (
        <fieldset>
          <legend>File type</legend>
          <div class="field">
            <input
              id="rl-export-csv"
              type="radio"
              name="rl-export-format"
              checked={format === 'csv'}
              onChange={() => setFormat('csv')}
            />
            <label for="rl-export-csv">CSV (opens in Excel)</label>
          </div>
          <div class="field">
            <input
              id="rl-export-json"
              type="radio"
              name="rl-export-format"
              checked={format === 'json'}
              onChange={() => setFormat('json')}
            />
            <label for="rl-export-json">JSON (for other software; the format is documented)</label>
          </div>
        </fieldset>
      ) : null}
      {what === 'summary' ? (
        <div class="field">
          <label for="rl-export-audience">For</label>
          <select
            id="rl-export-audience"
            value={audience}
            onChange={(e) => setAudience((e.currentTarget as HTMLSelectElement).value as Audience)}
          >
            {(Object.keys(AUDIENCE_LABELS) as Audience[]).map((a) => (
              <option key={a} value={a}>
                {AUDIENCE_LABELS[a]}
              </option>
            ))}
          </select>
          <p class="hint">
            Counts of 1 or 2 show as “&lt;3”, and a second count is hidden (“c”) wherever a total
            would otherwise give a hidden one away.
          </p>
        </div>
      ) : null}
      {perPupil ? (
        <fieldset>
          <legend>Who the rows are about</legend>
          <p class="hint" id="rl-export-pseudonym-hint">
            Pupils appear as pseudonyms such as P-7K2M9QX4TB. The same pupil always gets the same
            pseudonym from this computer, so snapshots can be compared over time, but no one can
            turn one back into a name without this browser’s secret key.
          </p>
          <div class="field">
            <input
              id="rl-export-names"
              type="checkbox"
              checked={includeNames}
              onChange={(e) => setIncludeNames((e.currentTarget as HTMLInputElement).checked)}
              aria-describedby="rl-export-pseudonym-hint"
            />
            <label for="rl-export-names">Include pupils’ names</label>
          </div>
          <div class="field">
            <input
              id="rl-export-ids"
              type="checkbox"
              checked={includeMisIds}
              onChange={(e) => setIncludeMisIds((e.currentTarget as HTMLInputElement).checked)}
            />
            <label for="rl-export-ids">Include MIS ids (UPN or admission number)</label>
          </div>
          {includeNames || includeMisIds ? (
            <p class="notice">
              This file will identify pupils. Keep it within school systems and share it only as
              your data protection policy allows.
            </p>
          ) : null}
        </fieldset>
      ) : null}
      <div class="row">
        <button type="button" disabled={busy} onClick={() => void run()}>
          {busy ? 'Preparing…' : 'Download'}
        </button>
        <button type="button" onClick={() => void showChart()}>
          Show the cohort trend chart
        </button>
      </div>
      {chart ? (
        <div ref={chartBox}>
          <TrendChart
            series={[{ label: 'All pupils', weekly: chart }]}
            national={NATIONAL}
            theme="auto"
          />
          <button type="button" onClick={() => void saveChart()}>
            Download the chart as a PNG image
          </button>
        </div>
      ) : null}
    </section>
  );
}
