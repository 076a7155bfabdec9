import { useMemo, useState } from 'preact/hooks';
import { TrendChart } from '../charts/TrendChart';
import { WhatWorksTable } from '../support/Impact';
import { BandBadge } from '../ui/BandBadge';
import { BAND_KEYS, bandLabel } from '../ui/band';
import { LoadState, useLoad, usePanel } from './context';
import { formatDate, formatPct } from './format';
import type { CohortLevel, NationalReference } from './model';

const KIND_NAMES = { school: 'School', year: 'Year', form: 'Form' } as const;

const levelKey = (level: CohortLevel) => `${level.kind}:${level.label}`;

function FiguresTable({
  levels,
  national,
}: {
  levels: readonly CohortLevel[];
  national: NationalReference;
}) {
  return (
    <table class="rl-table">
      <caption>Absence by school, year and form, with England for comparison</caption>
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col" class="rl-num">
            Pupils
          </th>
          <th scope="col" class="rl-num">
            Absence
          </th>
          <th scope="col" class="rl-num">
            Persistent
          </th>
          <th scope="col" class="rl-num">
            Severe
          </th>
        </tr>
      </thead>
      <tbody>
        {levels.map((level) => (
          <tr key={levelKey(level)}>
            <th scope="row">
              {level.kind === 'school'
                ? 'Whole school'
                : `${KIND_NAMES[level.kind]} ${level.label.replace(/^Year /, '')}`}
            </th>
            <td class="rl-num">{level.pupils}</td>
            <td class="rl-num">
              {formatPct(level.absencePct)}
              <span class="rl-muted">
                {' '}
                ({level.absent} of {level.possible})
              </span>
            </td>
            <td class="rl-num">
              {level.persistentCount} ({formatPct(level.persistentPct)})
            </td>
            <td class="rl-num">
              {level.severeCount} ({formatPct(level.severePct)})
            </td>
          </tr>
        ))}
        <tr class="rl-national-row">
          <th scope="row">England, {national.period}</th>
          <td class="rl-num">–</td>
          <td class="rl-num">{formatPct(national.overallAbsencePct)}</td>
          <td class="rl-num">{formatPct(national.persistentPct)}</td>
          <td class="rl-num">{formatPct(national.severePct)}</td>
        </tr>
      </tbody>
    </table>
  );
}

/** Form, year and school figures and weekly trends against the national reference. */
export function CohortView() {
  const { source, state } = usePanel();
  const loaded = useLoad(() => source.cohort(), []);
  const [selected, setSelected] = useState<string>('');
  const data = loaded.status === 'ready' ? loaded.value : null;
  const school = data?.levels.find((l) => l.kind === 'school') ?? null;
  const level =
    data?.levels.find((l) => levelKey(l) === selected) ?? school ?? data?.levels[0] ?? null;
  const series = useMemo(() => {
    if (!level) return [];
    const list = [
      { label: level.kind === 'school' ? 'Whole school' : level.label, weekly: level.weekly },
    ];
    if (school && level !== school) list.push({ label: 'Whole school', weekly: school.weekly });
    return list;
  }, [level, school]);
  const national = useMemo(
    () =>
      data
        ? {
            label: `National, ${data.national.period}: ${data.national.overallAbsencePct}%`,
            absencePct: data.national.overallAbsencePct,
          }
        : { label: '', absencePct: 0 },
    [data],
  );
  if (!data || !level) return <LoadState loaded={loaded} what="the cohort figures" />;

  return (
    <section aria-labelledby="cohort-heading">
      <h2 id="cohort-heading">Cohort</h2>
      <p class="rl-muted">Figures up to {formatDate(data.asOf)}.</p>
      <p class="rl-national">
        National reference: {data.national.coverage}, {data.national.period}: overall absence{' '}
        {data.national.overallAbsencePct}%, persistent absence {data.national.persistentPct}% of
        pupils, severe absence {data.national.severePct}% ({data.national.source}).
      </p>
      <label class="rl-field">
        Show trends for
        <select value={levelKey(level)} onChange={(e) => setSelected(e.currentTarget.value)}>
          {data.levels.map((l) => (
            <option key={levelKey(l)} value={levelKey(l)}>
              {l.kind === 'school' ? 'Whole school' : `${KIND_NAMES[l.kind]}: ${l.label}`}
            </option>
          ))}
        </select>
      </label>
      <h3>Weekly absence</h3>
      <TrendChart series={series} national={national} theme={state.theme.value} />

      <FiguresTable levels={data.levels} national={data.national} />

      <h3>Pupils by band</h3>
      <table class="rl-table">
        <caption class="rl-visually-hidden">Pupils by band</caption>
        <thead>
          <tr>
            <th scope="col">Band</th>
            <th scope="col" class="rl-num">
              Pupils
            </th>
          </tr>
        </thead>
        <tbody>
          {BAND_KEYS.map((band) => (
            <tr key={band}>
              <th scope="row">
                <BandBadge band={band === 'unknown' ? null : band} />
              </th>
              <td class="rl-num">{level.bandCounts[band]}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>Movement between bands</h3>
      {data.movementSince ? <p class="rl-muted">Since {formatDate(data.movementSince)}.</p> : null}
      {level.movement.length === 0 ? (
        <p class="rl-muted">No pupil changed band.</p>
      ) : (
        <table class="rl-table">
          <caption class="rl-visually-hidden">Movement between bands</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col" class="rl-num">
                Pupils
              </th>
            </tr>
          </thead>
          <tbody>
            {level.movement.map((m) => (
              <tr key={`${m.from}-${m.to}`}>
                <td>{bandLabel(m.from)}</td>
                <td>{bandLabel(m.to)}</td>
                <td class="rl-num">{m.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>What works here</h3>
      <WhatWorksTable rows={data.whatWorks} />
    </section>
  );
}
