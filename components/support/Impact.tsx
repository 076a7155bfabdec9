import type { ImpactView, WhatWorksRow } from '../panel/model';
import { formatPct } from '../panel/format';
import { interventionLabel } from './InterventionForm';

const points = (value: number | null) =>
  value === null
    ? '–'
    : `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value).toFixed(1)} points`;

/** Attendance before and since each intervention, in equal windows of school weeks. */
export function ImpactTable({ impact }: { impact: readonly ImpactView[] }) {
  if (impact.length === 0) return <p class="rl-muted">No interventions recorded yet.</p>;
  return (
    <table class="rl-table">
      <caption>Attendance before and since each intervention</caption>
      <thead>
        <tr>
          <th scope="col">Intervention</th>
          <th scope="col" class="rl-num">
            Weeks each side
          </th>
          <th scope="col" class="rl-num">
            Before
          </th>
          <th scope="col" class="rl-num">
            Since
          </th>
          <th scope="col" class="rl-num">
            Change
          </th>
        </tr>
      </thead>
      <tbody>
        {impact.map((row) => (
          <tr key={row.interventionId}>
            <th scope="row">
              {interventionLabel(row.type)}
              {row.smallNumbers ? (
                <span class="rl-muted"> (few sessions: read with care)</span>
              ) : null}
            </th>
            <td class="rl-num">{row.weeks}</td>
            <td class="rl-num">
              {formatPct(row.beforePct)} <span class="rl-muted">of {row.beforePossible}</span>
            </td>
            <td class="rl-num">
              {formatPct(row.sincePct)} <span class="rl-muted">of {row.sincePossible}</span>
            </td>
            <td class="rl-num">{points(row.changePoints)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "What works here": by intervention type, how many, the median change, how many improved. */
export function WhatWorksTable({ rows }: { rows: readonly WhatWorksRow[] }) {
  if (rows.length === 0) {
    return <p class="rl-muted">No interventions with enough weeks since they started yet.</p>;
  }
  return (
    <table class="rl-table">
      <caption>What works here: change in attendance by intervention type</caption>
      <thead>
        <tr>
          <th scope="col">Type</th>
          <th scope="col" class="rl-num">
            Pupils
          </th>
          <th scope="col" class="rl-num">
            Median change
          </th>
          <th scope="col" class="rl-num">
            Improved
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.type}>
            <th scope="row">
              {interventionLabel(row.type)}
              {row.smallNumbers ? (
                <span class="rl-muted"> (fewer than 5: too few to judge)</span>
              ) : null}
            </th>
            <td class="rl-num">{row.count}</td>
            <td class="rl-num">{points(row.medianChangePoints)}</td>
            <td class="rl-num">
              {row.improved} of {row.count}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
