import { useState } from 'preact/hooks';
import type { MarkMappingEntry } from '../../utils/registers/mapping';
import type { AskedLabel } from '../../utils/registers/meaning';
import { answersToEntries, initialAnswers, MeaningList } from './MeaningList';

/**
 * The "what does this mean?" list on its own, opened from the "N marks need a mapping" notice:
 * answer, save, and the register is read again with the answers.
 */
export interface MeaningDialogProps {
  labels: readonly AskedLabel[];
  onSave(entries: MarkMappingEntry[]): void;
  onCancel(): void;
}

export function MeaningDialog({ labels, onSave, onCancel }: MeaningDialogProps) {
  const [answers, setAnswers] = useState(() => initialAnswers(labels));
  const entries = answersToEntries(labels, answers);
  return (
    <section
      class="rl-teach rl-meaning-dialog"
      role="dialog"
      aria-modal="false"
      aria-labelledby="rl-meaning-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <h2 id="rl-meaning-title">Map this page’s marks</h2>
      <MeaningList
        labels={labels}
        answers={answers}
        onAnswer={(raw, code) => setAnswers((a) => ({ ...a, [raw]: code }))}
        idPrefix="rl-meaning-dialog"
      />
      <div class="rl-teach__actions">
        <button type="button" disabled={entries.length === 0} onClick={() => onSave(entries)}>
          Save mappings
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
