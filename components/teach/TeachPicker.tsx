import { useEffect, useMemo, useState } from 'preact/hooks';
import type { MarkMapping, MarkMappingEntry } from '../../utils/registers/mapping';
import { labelsToAsk, pageKey, withAnswers, type AskedLabel } from '../../utils/registers/meaning';
import type { Reading } from '../../utils/registers/schema';
import { deriveLayout, readWithLayout, type TaughtLayout } from '../../utils/registers/teach';
import { textOf } from '../../utils/registers/text';
import { answersToEntries, initialAnswers, MeaningList } from './MeaningList';

/**
 * Teach mode: "click a pupil's name, then one of their marks", a preview of the whole register
 * as it would be read with a "what does this mean?" list for every mark label it could not map,
 * then Save or Cancel: two clicks on the page and one to save. Rendered in a shadow root the content script gives
 * it; it stores and sends nothing itself (`onSave` does). Picking works by mouse, or by moving
 * focus on the page with Tab and pressing Enter.
 */
export interface TeachPickerProps {
  /** The MIS page being taught. */
  page: Document;
  url: string;
  mapping?: MarkMapping;
  /** Our shadow host: clicks inside it are ours, not picks. */
  host?: Element | null;
  /** The layout, and the answers of the "what does this mean?" list as mapping entries. */
  onSave(layout: TaughtLayout, entries: MarkMappingEntry[]): void;
  onCancel(): void;
}

type Step = 'name' | 'mark' | 'preview';

export function TeachPicker({ page, url, mapping, host, onSave, onCancel }: TeachPickerProps) {
  const [step, setStep] = useState<Step>('name');
  const [nameEl, setNameEl] = useState<Element | null>(null);
  const [markEl, setMarkEl] = useState<Element | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (step === 'preview') return undefined;
    const pick = (target: EventTarget | null, e: Event) => {
      const el = target as Element | null;
      if (!el || typeof el.closest !== 'function' || (host && host.contains(el))) return;
      // The pick must not also press the page's buttons or follow its links.
      e.preventDefault();
      e.stopPropagation();
      setError(null);
      if (step === 'name') {
        setNameEl(el);
        setStep('mark');
      } else {
        setMarkEl(el);
        setStep('preview');
      }
    };
    const onClick = (e: MouseEvent) => pick(e.target, e);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter') pick(page.activeElement, e);
    };
    page.addEventListener('click', onClick, true);
    page.addEventListener('keydown', onKey, true);
    return () => {
      page.removeEventListener('click', onClick, true);
      page.removeEventListener('keydown', onKey, true);
    };
  }, [page, host, step]);

  const key = useMemo(
    () => (step === 'preview' ? pageKey(page) : new Map<string, string>()),
    [page, step],
  );
  const derived = useMemo(():
    { layout: TaughtLayout; reading: Reading; asked: AskedLabel[] } | { error: string } | null => {
    if (step !== 'preview' || !nameEl || !markEl) return null;
    try {
      const layout = deriveLayout(page, nameEl, markEl, url);
      const reading = readWithLayout(page, url, layout, mapping);
      return { layout, reading, asked: labelsToAsk(reading, { mapping, key }) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [step, nameEl, markEl, page, url, mapping, key]);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  useEffect(() => {
    setAnswers(derived && 'asked' in derived ? initialAnswers(derived.asked) : {});
  }, [derived]);
  const entries = derived && 'asked' in derived ? answersToEntries(derived.asked, answers) : [];
  // The preview reads the register again with the answers given so far.
  const result = useMemo(() => {
    if (!derived || !('layout' in derived)) return derived;
    const given = answersToEntries(derived.asked, answers);
    if (given.length === 0) return derived;
    try {
      const answered = withAnswers(mapping, given);
      return { ...derived, reading: readWithLayout(page, url, derived.layout, answered) };
    } catch {
      return derived;
    }
  }, [derived, answers, mapping, page, url]);

  const restart = () => {
    setNameEl(null);
    setMarkEl(null);
    setError(null);
    setStep('name');
  };

  return (
    <section class="rl-teach" role="dialog" aria-modal="false" aria-labelledby="rl-teach-title">
      <h2 id="rl-teach-title">Teach Register Lens this register</h2>
      <ol class="rl-teach__steps">
        <li aria-current={step === 'name' ? 'step' : undefined}>
          Click a pupil's name.{nameEl ? ` Picked: “${textOf(nameEl)}”.` : ''}
        </li>
        <li aria-current={step === 'mark' ? 'step' : undefined}>
          Click one of their marks.{markEl ? ` Picked: “${textOf(markEl) || 'a mark'}”.` : ''}
        </li>
        <li aria-current={step === 'preview' ? 'step' : undefined}>
          Check the preview, then save.
        </li>
      </ol>
      {step !== 'preview' && (
        <p class="rl-teach__hint" role="status">
          {step === 'name'
            ? "Click a pupil's name on the page (or Tab to it and press Enter)."
            : 'Now click one of that pupil’s marks for this session.'}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
      {result && 'error' in result && (
        <p role="alert">That did not work: {result.error} Try a different name or mark.</p>
      )}
      {result && 'reading' in result && (
        <>
          <MeaningList
            labels={result.asked}
            answers={answers}
            onAnswer={(raw, code) => setAnswers((a) => ({ ...a, [raw]: code }))}
            idPrefix="rl-teach-meaning"
          />
          <Preview reading={result.reading} />
        </>
      )}
      <div class="rl-teach__actions">
        <button
          type="button"
          disabled={!result || !('layout' in result)}
          onClick={() => result && 'layout' in result && onSave(result.layout, entries)}
        >
          Save
        </button>
        <button type="button" onClick={restart}>
          Start again
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

function Preview({ reading }: { reading: Reading }) {
  const unmapped = reading.pupils.flatMap((p) => p.marks).filter((m) => m.code === null).length;
  return (
    <div class="rl-teach__preview">
      <p role="status">
        {reading.pupils.length} pupil{reading.pupils.length === 1 ? '' : 's'} found
        {reading.date ? ` for ${reading.date}${reading.session ? ` ${reading.session}` : ''}` : ''}.
        {unmapped
          ? ` ${unmapped} ${unmapped === 1 ? 'mark has' : 'marks have'} no code yet: say what they mean above.`
          : ''}
      </p>
      <table>
        <caption>The register as Register Lens would read it</caption>
        <thead>
          <tr>
            <th scope="col">Pupil</th>
            <th scope="col">Mark on the page</th>
            <th scope="col">Code</th>
          </tr>
        </thead>
        <tbody>
          {reading.pupils.map((p) => (
            <tr key={p.key}>
              <th scope="row">{p.name}</th>
              <td>{p.marks.map((m) => m.raw || '(none)').join(', ')}</td>
              <td>{p.marks.map((m) => m.code ?? 'not mapped').join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
