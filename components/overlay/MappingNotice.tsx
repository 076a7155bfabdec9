import { render } from 'preact';
import type { ReadonlySignal } from '@preact/signals';

/**
 * "N marks need a mapping": shown on the register whenever the reading holds marks Register Lens
 * could not map (counted as N until their reason is mapped, or not counted at all), with a
 * one-click route to the "what does this mean?" list. It has its own element beside the badges'
 * toolbar, so neither redraws the other.
 */
export interface MappingNoticeProps {
  /** True while teach mode or the list itself is open. */
  hidden: ReadonlySignal<boolean>;
  /** Marks waiting for a mapping in the current reading (0 hides the notice). */
  count: ReadonlySignal<number>;
  /** Labels among them, for the button's accessible description. */
  labels: ReadonlySignal<readonly string[]>;
  onOpen(): void;
  /** Teach mode, for a layout read wrongly rather than only labelled unfamiliarly. */
  onTeach?(): void;
}

export function MappingNotice({ hidden, count, labels, onOpen, onTeach }: MappingNoticeProps) {
  const n = count.value;
  if (n === 0 || hidden.value) return null;
  const shown = labels.value.slice(0, 4).map((l) => `“${l}”`);
  const more = labels.value.length - shown.length;
  return (
    <div class="rl-notice" role="region" aria-label="Marks that need a mapping">
      <p class="rl-notice__text" role="status" id="rl-notice-text">
        <span aria-hidden="true">⚠ </span>
        {n} {n === 1 ? 'mark needs' : 'marks need'} a mapping
      </p>
      <p class="rl-notice__labels" id="rl-notice-labels">
        {shown.join(', ')}
        {more > 0 ? ` and ${more} more` : ''}
      </p>
      <button
        type="button"
        class="rl-notice__button"
        aria-describedby="rl-notice-text rl-notice-labels"
        onClick={onOpen}
      >
        What do they mean?
      </button>
      {onTeach ? (
        <button type="button" class="rl-notice__button" onClick={onTeach}>
          Read wrongly? Teach it
        </button>
      ) : null}
    </div>
  );
}

/** Mounts the notice into its own element of our shadow root; returns an unmount function. */
export function mountMappingNotice(container: Element, props: MappingNoticeProps): () => void {
  render(<MappingNotice {...props} />, container);
  return () => render(null, container);
}
