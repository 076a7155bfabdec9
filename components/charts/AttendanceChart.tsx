import { useMemo } from 'preact/hooks';
import type { WeeklyPoint } from '../panel/model';
import { formatDate, formatPct } from '../panel/format';
import { ChartCanvas, cssVar, type LineConfig } from './ChartCanvas';

interface AttendanceChartProps {
  weekly: readonly WeeklyPoint[];
  /** Changing the theme rebuilds the colours. */
  theme: string;
}

const shortDate = (iso: string) => {
  const [, m, d] = iso.split('-');
  return `${Number(d)}/${Number(m)}`;
};

export function attendanceChartConfig(weekly: readonly WeeklyPoint[]): LineConfig {
  const labels = weekly.map((point) => shortDate(point.weekStart));
  const line = (value: number) => weekly.map(() => value);
  const threshold = cssVar('--chart-threshold', '#8a3b00');
  const severe = cssVar('--chart-severe', '#8a1116');
  const text = cssVar('--text', '#1b1d21');
  const grid = cssVar('--border', '#8a8f98');
  return {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          label: 'Attendance that week',
          data: weekly.map((point) => point.attendancePct),
          borderColor: cssVar('--chart-line', '#0b57a3'),
          backgroundColor: cssVar('--chart-line', '#0b57a3'),
          pointStyle: 'circle',
          spanGaps: true,
        },
        {
          label: 'Cumulative attendance',
          data: weekly.map((point) => point.cumulativePct),
          borderColor: cssVar('--chart-cumulative', '#6b3fa0'),
          backgroundColor: cssVar('--chart-cumulative', '#6b3fa0'),
          pointStyle: 'rectRot',
          borderWidth: 3,
          spanGaps: true,
        },
        {
          label: '90%: below this is persistent absence',
          data: line(90),
          borderColor: threshold,
          backgroundColor: threshold,
          borderDash: [6, 4],
          pointRadius: 0,
          borderWidth: 1.5,
        },
        {
          label: '50%: below this is severe absence',
          data: line(50),
          borderColor: severe,
          backgroundColor: severe,
          borderDash: [2, 3],
          pointRadius: 0,
          borderWidth: 1.5,
        },
      ],
    },
    options: {
      scales: {
        y: {
          min: 0,
          max: 100,
          title: { display: true, text: 'Attendance %', color: text },
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

/** Weekly and cumulative attendance with the 90% and 50% lines, and the same figures as a table. */
export function AttendanceChart({ weekly, theme }: AttendanceChartProps) {
  const config = useMemo(() => attendanceChartConfig(weekly), [weekly, theme]);
  if (weekly.length === 0) return <p class="rl-muted">No school weeks with marks yet.</p>;
  const last = weekly[weekly.length - 1];
  return (
    <figure class="rl-figure">
      <ChartCanvas
        config={config}
        label={`Attendance by week over ${weekly.length} school weeks; cumulative attendance now ${formatPct(last?.cumulativePct ?? null)}. The table below gives every figure.`}
      />
      <details>
        <summary>Attendance by week as a table</summary>
        <table class="rl-table">
          <caption class="rl-visually-hidden">Attendance by school week</caption>
          <thead>
            <tr>
              <th scope="col">Week beginning</th>
              <th scope="col" class="rl-num">
                Sessions
              </th>
              <th scope="col" class="rl-num">
                Absent
              </th>
              <th scope="col" class="rl-num">
                That week
              </th>
              <th scope="col" class="rl-num">
                Cumulative
              </th>
            </tr>
          </thead>
          <tbody>
            {weekly.map((point) => (
              <tr key={point.weekStart}>
                <th scope="row">{formatDate(point.weekStart)}</th>
                <td class="rl-num">{point.possible}</td>
                <td class="rl-num">{point.absent}</td>
                <td class="rl-num">{formatPct(point.attendancePct)}</td>
                <td class="rl-num">{formatPct(point.cumulativePct)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
