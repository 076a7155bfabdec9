import { useState } from 'preact/hooks';
import { answersToEntries, initialAnswers, MeaningList } from '../teach/MeaningList';
import { Button } from '../ui/Button';
import { usePanel } from './context';
import type { RegisterContext } from './model';

/**
 * "N marks need a mapping" above the register's pupils: marks the reader could not map (left out
 * of the figures) or counted as N only until their reason is mapped. One click opens the "what
 * does this mean?" list right here; the answers go to the site's mark mapping.
 */
export function MappingNeeded({ register }: { register: RegisterContext }) {
  const { source, state } = usePanel();
  const labels = register.needsMapping ?? [];
  const [open, setOpen] = useState(false);
  const [answers, setAnswers] = useState(() => initialAnswers(labels));
  const [saved, setSaved] = useState(false);
  const siteId = register.siteId;
  if (labels.length === 0 || saved || !siteId || !source.saveMarkMapping) return null;
  const count = labels.reduce((n, l) => n + l.count, 0);
  const entries = answersToEntries(labels, answers);

  const save = async () => {
    try {
      await source.saveMarkMapping?.(siteId, entries);
      setSaved(true);
      state.announcement.value =
        'Mappings saved. The register’s marks are read with them the next time it is read.';
    } catch (error) {
      state.announcement.value = `The mappings could not be saved: ${String(error)}`;
    }
  };

  return (
    <section class="rl-card rl-mapping-needed" aria-labelledby="mapping-needed-heading">
      <h3 id="mapping-needed-heading">
        <span aria-hidden="true">⚠ </span>
        {count} {count === 1 ? 'mark needs' : 'marks need'} a mapping
      </h3>
      <p class="rl-muted">
        Register Lens could not tell what{' '}
        {labels
          .slice(0, 4)
          .map((l) => `“${l.raw}”`)
          .join(', ')}
        {labels.length > 4 ? ` and ${labels.length - 4} more` : ''} mean on this register, so those
        marks are not counted as they should be.
      </p>
      <Button
        aria-expanded={open}
        aria-controls="mapping-needed-list"
        onClick={() => setOpen(!open)}
      >
        What do they mean?
      </Button>
      <div id="mapping-needed-list" hidden={!open}>
        {open ? (
          <>
            <MeaningList
              labels={labels}
              answers={answers}
              onAnswer={(raw, code) => setAnswers((a) => ({ ...a, [raw]: code }))}
              idPrefix="panel-meaning"
            />
            <Button variant="primary" disabled={entries.length === 0} onClick={() => void save()}>
              Save mappings
            </Button>
          </>
        ) : null}
      </div>
    </section>
  );
}
