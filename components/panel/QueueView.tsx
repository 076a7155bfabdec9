import { useMemo, useState } from 'preact/hooks';
import { CONTEXT_TAGS, type FlagId } from '../../utils/attendance/types';
import { BandBadge } from '../ui/BandBadge';
import { BAND_KEYS, bandLabel, type BandKey } from '../ui/band';
import { Button } from '../ui/Button';
import { VirtualList } from '../ui/VirtualList';
import { LoadState, useLoad, usePanel } from './context';
import { absenceSentence, flagName, formatDate, stageName, TAG_NAMES } from './format';
import type { QueueItem, ReviewAction } from './model';
import { facetValues, filterQueue, openFlags, sortQueue, type QueueSort } from './queue';

const ROW_HEIGHT = 96;
const SORTS: readonly { id: QueueSort; label: string }[] = [
  { id: 'concern', label: 'Most concerning first' },
  { id: 'absence', label: 'Highest absence first' },
  { id: 'name', label: 'Name' },
  { id: 'group', label: 'Form' },
  { id: 'follow-up', label: 'Follow-up date' },
];

function ReviewForm({ item, onClose }: { item: QueueItem; onClose(): void }) {
  const { source, state } = usePanel();
  const flags = item.flags.filter((f) => f.id !== 'few-sessions');
  const [flagId, setFlagId] = useState<FlagId | ''>(openFlags(item)[0] ?? flags[0]?.id ?? '');
  const [action, setAction] = useState<ReviewAction>('acknowledged');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const label = state.displayName(item.pupilId, item.name);
  return (
    <form
      class="rl-form rl-review"
      aria-labelledby="review-title"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!flagId) return;
        if (!reason.trim()) return setError('Give a reason, so colleagues know why.');
        if (action === 'snoozed' && (!until || until <= source.today())) {
          return setError('Snooze until a date after today.');
        }
        await source.reviewFlag({
          pupilId: item.pupilId,
          flagId,
          action,
          ...(action === 'snoozed' ? { until } : {}),
          reason: reason.trim(),
        });
        state.announcement.value = `${flagName(flagId)} ${action === 'snoozed' ? `snoozed until ${formatDate(until)}` : 'acknowledged'} for ${label}.`;
        onClose();
      }}
    >
      <h3 id="review-title">Review a flag for {label}</h3>
      <label class="rl-field">
        Flag
        <select value={flagId} onChange={(e) => setFlagId(e.currentTarget.value as FlagId)}>
          {flags.map((flag) => (
            <option key={flag.id} value={flag.id}>
              {flagName(flag.id)}
              {item.reviews[flag.id] ? ` (${item.reviews[flag.id]?.action})` : ''}
            </option>
          ))}
        </select>
      </label>
      <fieldset class="rl-fieldset">
        <legend>Action</legend>
        <label>
          <input
            type="radio"
            name="review-action"
            checked={action === 'acknowledged'}
            onChange={() => setAction('acknowledged')}
          />{' '}
          Acknowledge
        </label>
        <label>
          <input
            type="radio"
            name="review-action"
            checked={action === 'snoozed'}
            onChange={() => setAction('snoozed')}
          />{' '}
          Snooze until a date
        </label>
      </fieldset>
      {action === 'snoozed' ? (
        <label class="rl-field">
          Until
          <input type="date" value={until} onInput={(e) => setUntil(e.currentTarget.value)} />
        </label>
      ) : null}
      <label class="rl-field">
        Reason
        <textarea rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      {error ? (
        <p class="rl-error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="rl-form__actions">
        <Button type="submit" variant="primary">
          Save review
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </form>
  );
}

function QueueRow({ item, onReview }: { item: QueueItem; onReview(item: QueueItem): void }) {
  const { state } = usePanel();
  const label = state.displayName(item.pupilId, item.name);
  const open = openFlags(item);
  return (
    <div class="rl-qrow" data-pupil-id={item.pupilId}>
      <div class="rl-qrow__head">
        <button type="button" class="rl-link" onClick={() => (state.pupilId.value = item.pupilId)}>
          {label}
        </button>
        <span class="rl-muted">
          {item.group ?? 'No form'}
          {item.year ? ` · ${item.year}` : ''}
        </span>
        <BandBadge band={item.figures.band} neutral={state.privacy.value} />
        <Button
          class="rl-qrow__review"
          onClick={() => onReview(item)}
          aria-label={`Review flags for ${label}`}
        >
          Review
        </Button>
      </div>
      <p class="rl-qrow__line">
        {absenceSentence(item.figures)} · Stage: {stageName(item.stage)}
      </p>
      <p class="rl-qrow__line">
        {open.length ? open.map(flagName).join(', ') : `All flags reviewed (${item.flags.length})`}
        {item.dueFollowUp ? <strong> · Follow-up due {formatDate(item.dueFollowUp)}</strong> : null}
      </p>
    </div>
  );
}

const any = (value: string) => (value ? [value] : []);

/** Every flagged pupil across forms, for the pastoral lead's weekly review. */
export function QueueView({ viewportHeight = 520 }: { viewportHeight?: number }) {
  const { source, state } = usePanel();
  const loaded = useLoad(() => source.queue(), []);
  const [reviewing, setReviewing] = useState<QueueItem | null>(null);
  const items = loaded.status === 'ready' ? loaded.value : [];
  const facets = useMemo(() => facetValues(items), [items]);
  const filters = state.filters.value;
  const shown = useMemo(
    () => sortQueue(filterQueue(items, filters), state.sort.value),
    [items, filters, state.sort.value],
  );
  const due = useMemo(
    () =>
      items
        .filter((item) => item.dueFollowUp !== null)
        .sort((a, b) => (a.dueFollowUp ?? '').localeCompare(b.dueFollowUp ?? '')),
    [items],
  );
  if (loaded.status !== 'ready') return <LoadState loaded={loaded} what="the review queue" />;

  const setFilter = (patch: Partial<typeof filters>) => {
    state.filters.value = { ...filters, ...patch };
  };
  const tags = new Set(filters.tags ?? []);

  return (
    <section aria-labelledby="queue-heading">
      <h2 id="queue-heading">Review queue</h2>
      {due.length ? (
        <section aria-labelledby="due-heading" class="rl-due-list">
          <h3 id="due-heading">Follow-ups due ({due.length})</h3>
          <ul>
            {due.slice(0, 10).map((item) => (
              <li key={item.pupilId}>
                <button
                  type="button"
                  class="rl-link"
                  onClick={() => (state.pupilId.value = item.pupilId)}
                >
                  {state.displayName(item.pupilId, item.name)}
                </button>{' '}
                <span class="rl-muted">
                  {item.group ?? ''} · due {formatDate(item.dueFollowUp ?? '')}
                </span>
              </li>
            ))}
          </ul>
          {due.length > 10 ? (
            <p class="rl-muted">Sort by follow-up date to see all {due.length}.</p>
          ) : null}
        </section>
      ) : null}
      <form class="rl-filters" aria-label="Filter the queue" onSubmit={(e) => e.preventDefault()}>
        <label class="rl-field">
          Search
          <input
            type="search"
            value={filters.search ?? ''}
            onInput={(e) => setFilter({ search: e.currentTarget.value })}
          />
        </label>
        <label class="rl-field">
          Form
          <select
            value={filters.groups?.[0] ?? ''}
            onChange={(e) => setFilter({ groups: any(e.currentTarget.value) })}
          >
            <option value="">Any form</option>
            {facets.groups.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        <label class="rl-field">
          Year
          <select
            value={filters.years?.[0] ?? ''}
            onChange={(e) => setFilter({ years: any(e.currentTarget.value) })}
          >
            <option value="">Any year</option>
            {facets.years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label class="rl-field">
          Flag
          <select
            value={filters.flags?.[0] ?? ''}
            onChange={(e) => setFilter({ flags: any(e.currentTarget.value) as FlagId[] })}
          >
            <option value="">Any flag</option>
            {facets.flags.map((f) => (
              <option key={f} value={f}>
                {flagName(f)}
              </option>
            ))}
          </select>
        </label>
        <label class="rl-field">
          Band
          <select
            value={filters.bands?.[0] ?? ''}
            onChange={(e) => setFilter({ bands: any(e.currentTarget.value) as BandKey[] })}
          >
            <option value="">Any band</option>
            {BAND_KEYS.map((b) => (
              <option key={b} value={b}>
                {bandLabel(b === 'unknown' ? null : b)}
              </option>
            ))}
          </select>
        </label>
        <label class="rl-field">
          Sort
          <select
            value={state.sort.value}
            onChange={(e) => (state.sort.value = e.currentTarget.value as QueueSort)}
          >
            {SORTS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <fieldset class="rl-fieldset">
          <legend>Context</legend>
          {CONTEXT_TAGS.map((tag) => (
            <label key={tag}>
              <input
                type="checkbox"
                checked={tags.has(tag)}
                onChange={(e) => {
                  const next = new Set(tags);
                  if (e.currentTarget.checked) next.add(tag);
                  else next.delete(tag);
                  setFilter({ tags: [...next] });
                }}
              />{' '}
              {TAG_NAMES[tag]}
            </label>
          ))}
        </fieldset>
        <label>
          <input
            type="checkbox"
            checked={filters.includeReviewed ?? false}
            onChange={(e) => setFilter({ includeReviewed: e.currentTarget.checked })}
          />{' '}
          Include acknowledged and snoozed
        </label>
      </form>
      <p role="status" class="rl-muted" id="queue-count">
        Showing {shown.length} of {items.length} flagged pupils.
      </p>
      {reviewing ? <ReviewForm item={reviewing} onClose={() => setReviewing(null)} /> : null}
      <VirtualList
        items={shown}
        rowHeight={ROW_HEIGHT}
        height={Math.min(viewportHeight, Math.max(ROW_HEIGHT, shown.length * ROW_HEIGHT))}
        label="Flagged pupils"
        getKey={(item) => item.pupilId}
        renderRow={(item) => <QueueRow item={item} onReview={setReviewing} />}
      />
    </section>
  );
}
