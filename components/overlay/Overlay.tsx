import { useEffect, useState } from 'preact/hooks';
import type { ReadonlySignal } from '@preact/signals';
import { badgeModel, type BadgeInput, type BadgeModel } from './model';

export interface BadgePosition {
  top: number;
  left: number;
}

export type OverlayStatus = 'waiting' | 'ready' | 'no-register' | 'error';

export interface OverlayViewState {
  /** Badges in page order. */
  badges: ReadonlySignal<readonly BadgeInput[]>;
  /** Where each badge sits in the layer; a badge without a position is not drawn. */
  positions: ReadonlySignal<ReadonlyMap<string, BadgePosition>>;
  enabled: ReadonlySignal<boolean>;
  privacy: ReadonlySignal<boolean>;
  status: ReadonlySignal<OverlayStatus>;
  /** A short line for the toolbar ("Register saved", "Could not reach Register Lens"). */
  message: ReadonlySignal<string | null>;
}

export interface OverlayActions {
  onToggleEnabled(): void;
  onTogglePrivacy(): void;
  /** Opens teach mode; offered only when the page has no register the reader understands. */
  onTeach?(): void;
}

export function Overlay({ state, actions }: { state: OverlayViewState; actions: OverlayActions }) {
  const [open, setOpen] = useState<string | null>(null);
  const enabled = state.enabled.value;
  const privacy = state.privacy.value;
  const badges = state.badges.value;
  const positions = state.positions.value;

  // WCAG 1.4.13: a tooltip shown on hover must be dismissable without moving the pointer.
  useEffect(() => {
    if (open === null) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(null);
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [open]);

  const models = enabled ? badges.map(badgeModel) : [];
  const flagged = models.filter((m) => m.tone !== 'none' && m.tone !== 'unknown').length;

  return (
    <div class="rl-root">
      <div class="rl-layer">
        {models.map((model, index) => {
          const position = positions.get(model.key);
          if (!position) return null;
          return privacy ? (
            <span
              key={model.key}
              class="rl-dot"
              aria-hidden="true"
              style={{ top: `${position.top}px`, left: `${position.left}px` }}
            />
          ) : (
            <Badge
              key={model.key}
              model={model}
              id={`rl-tip-${index}`}
              position={position}
              open={open === model.key}
              setOpen={setOpen}
            />
          );
        })}
      </div>
      <div class="rl-toolbar" role="region" aria-label="Register Lens">
        <span class="rl-brand" aria-hidden="true">
          RL
        </span>
        {state.status.value === 'ready' && enabled && !privacy ? (
          <span class="rl-summary">
            {badges.length} pupils · {flagged} flagged
          </span>
        ) : null}
        {state.message.value ? (
          <span class="rl-message" role="status">
            {state.message.value}
          </span>
        ) : null}
        {state.status.value === 'no-register' && actions.onTeach ? (
          <button type="button" class="rl-button" onClick={() => actions.onTeach?.()}>
            Teach Register Lens this register
          </button>
        ) : null}
        <button
          type="button"
          class="rl-button"
          aria-pressed={enabled}
          title="Show or hide the badges (Alt+Shift+B)"
          onClick={() => actions.onToggleEnabled()}
        >
          Badges
        </button>
        <button
          type="button"
          class="rl-button"
          aria-pressed={privacy}
          title="Hide names and bands, for a projected register (Alt+Shift+P)"
          onClick={() => actions.onTogglePrivacy()}
        >
          Privacy screen
        </button>
      </div>
    </div>
  );
}

function Badge({
  model,
  id,
  position,
  open,
  setOpen,
}: {
  model: BadgeModel;
  id: string;
  position: BadgePosition;
  open: boolean;
  setOpen: (key: string | null | ((current: string | null) => string | null)) => void;
}) {
  const close = () => setOpen((current) => (current === model.key ? null : current));
  return (
    <span
      class={open ? 'rl-badge-wrap rl-open' : 'rl-badge-wrap'}
      style={{ top: `${position.top}px`, left: `${position.left}px` }}
      onMouseEnter={() => setOpen(model.key)}
      onMouseLeave={close}
    >
      <button
        type="button"
        class={`rl-badge rl-${model.tone}`}
        data-key={model.key}
        data-band={model.tone}
        aria-label={model.label}
        aria-describedby={id}
        onFocus={() => setOpen(model.key)}
        onBlur={close}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setOpen(null);
        }}
        onClick={() => setOpen(open ? null : model.key)}
      >
        <span class="rl-shape" aria-hidden="true">
          {model.shape}
        </span>
        <span class="rl-band">{model.bandLabel}</span>
        {model.flagLabel ? <span class="rl-flag"> · {model.flagLabel}</span> : null}
      </button>
      <span role="tooltip" id={id} class="rl-tip" hidden={!open}>
        {model.lines.map((line, i) => (
          <span key={i} class="rl-tip-line">
            {line}
          </span>
        ))}
      </span>
    </span>
  );
}
