import { useEffect, useMemo, useState } from 'preact/hooks';
import type { MarkMapping } from '../../utils/registers/mapping';
import type { Reading } from '../../utils/registers/schema';
import { deriveLayout, readWithLayout, type TaughtLayout } from '../../utils/registers/teach';
import { textOf } from '../../utils/registers/text';

/**
 * Teach mode: "click a pupil's name, then one of their marks", a preview of the whole register
 * as it would be read, then Save or Cancel. Rendered in a shadow root the content script gives
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
  onSave(layout: TaughtLayout): void;
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

  const result = useMemo(():
    { layout: TaughtLayout; reading: Reading } | { error: string } | null => {
    if (step !== 'preview' || !nameEl || !markEl) return null;
    try {
      const layout = deriveLayout(page, nameEl, markEl, url);
      return { layout, reading: readWithLayout(page, url, layout, mapping) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [step, nameEl, markEl, page, url, mapping]);

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
      {result && 'reading' in result && <Preview reading={result.reading} />}
      <div class="rl-teach__actions">
        <button
          type="button"
          disabled={!result || !('layout' in result)}
          onClick={() => result && 'layout' in result && onSave(result.layout)}
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
        {unmapped ? ` ${unmapped} mark(s) have no code yet: map them in settings.` : ''}
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
