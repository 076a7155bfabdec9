import { useMemo } from 'preact/hooks';
import { formatDate, formatPct } from '../panel/format';
import { ChartCanvas, cssVar, type LineConfig } from './ChartCanvas';

export interface TrendSeries {
  label: string;
  weekly: readonly { weekStart: string; absencePct: number | null }[];
}

interface TrendChartProps {
  series: readonly TrendSeries[];
  national: { label: string; absencePct: number };
  theme: string;
}

const PALETTE = ['--chart-line', '--chart-cumulative', '--chart-threshold'];
const STYLES = ['circle', 'rectRot', 'triangle'] as const;

export function trendChartConfig(
  series: readonly TrendSeries[],
  national: { label: string; absencePct: number },
): LineConfig {
  const weeks = [...new Set(series.flatMap((s) => s.weekly.map((w) => w.weekStart)))].sort();
  const text = cssVar('--text', '#1b1d21');
  const grid = cssVar('--border', '#8a8f98');
  const nationalColour = cssVar('--chart-national', '#3d4249');
  return {
    type: 'line',
    data: {
      labels: weeks.map((week) => {
        const [, m, d] = week.split('-');
        return `${Number(d)}/${Number(m)}`;
      }),
      datasets: [
        ...series.map((s, i) => {
          const byWeek = new Map(s.weekly.map((w) => [w.weekStart, w.absencePct]));
          const colour = cssVar(PALETTE[i % PALETTE.length]!, '#0b57a3');
          return {
            label: `${s.label}: absence that week`,
            data: weeks.map((week) => byWeek.get(week) ?? null),
            borderColor: colour,
            backgroundColor: colour,
            pointStyle: STYLES[i % STYLES.length],
            spanGaps: true,
          };
        }),
        {
          label: national.label,
          data: weeks.map(() => national.absencePct),
          borderColor: nationalColour,
          backgroundColor: nationalColour,
          borderDash: [6, 4],
          pointRadius: 0,
        },
      ],
    },
    options: {
      scales: {
        y: {
          min: 0,
          suggestedMax: 20,
          title: { display: true, text: 'Absence %', color: text },
          ticks: { color: text },
          grid: { color: grid },
        },
        x: {
          title: { display: true, text: 'Week beginning', color: text },
          ticks: { color: text },
          grid: { color: grid },
        },
      },
      plugins: { legend: { labels: { color: text, usePointStyle: true } } },
    },
  };
}

/** Weekly absence of a form, year or school against the national reference, with a table. */
export function TrendChart({ series, national, theme }: TrendChartProps) {
  const config = useMemo(() => trendChartConfig(series, national), [series, national, theme]);
  const weeks = [...new Set(series.flatMap((s) => s.weekly.map((w) => w.weekStart)))].sort();
  if (weeks.length === 0) return <p class="rl-muted">No weekly figures yet.</p>;
  return (
    <figure class="rl-figure">
      <ChartCanvas
        config={config}
        label={`Weekly absence for ${series.map((s) => s.label).join(' and ')} against ${national.label}. The table below gives every figure.`}
      />
      <details>
        <summary>Weekly absence as a table</summary>
        <table class="rl-table">
          <caption class="rl-visually-hidden">Weekly absence</caption>
          <thead>
            <tr>
              <th scope="col">Week beginning</th>
              {series.map((s) => (
                <th scope="col" class="rl-num" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week}>
                <th scope="row">{formatDate(week)}</th>
                {series.map((s) => (
                  <td class="rl-num" key={s.label}>
                    {formatPct(s.weekly.find((w) => w.weekStart === week)?.absencePct ?? null)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
