import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ReadonlySignal } from '@preact/signals';
import { CORNER_NAMES, CORNERS, type Corner, type DockPlace } from './dock';
import { fullText, shortText, type BadgeModel } from './model';
import { badgeFontSize } from './place';

export interface BadgePosition {
  /** The badge's top-left corner in the layer. */
  top: number;
  left: number;
  /** No room for the words: the band's shape and one letter (the words are in its name). */
  compact: boolean;
  /** The badge's height: the name's line box, 12 to 16 px (place.ts). */
  height: number;
}

export type OverlayStatus = 'waiting' | 'ready' | 'no-register' | 'error';

export interface OverlayViewState {
  /** Badges in page order, worded (model.ts). */
  models: ReadonlySignal<readonly BadgeModel[]>;
  /** Where each badge sits in the layer; a badge without a position is not drawn. */
  positions: ReadonlySignal<ReadonlyMap<string, BadgePosition>>;
  enabled: ReadonlySignal<boolean>;
  privacy: ReadonlySignal<boolean>;
  status: ReadonlySignal<OverlayStatus>;
  /** A short line for the toolbar ("Register saved", "Could not reach Register Lens"). */
  message: ReadonlySignal<string | null>;
  /** Badges with no free place beside their name, so not drawn over the page. */
  unplaced: ReadonlySignal<number>;
  /** The bar's corner (chosen or found), whether the user collapsed it, where it is drawn. */
  corner: ReadonlySignal<Corner>;
  collapsed: ReadonlySignal<boolean>;
  dock: ReadonlySignal<DockPlace | null>;
}

export interface OverlayActions {
  onToggleEnabled(): void;
  onTogglePrivacy(): void;
  /** Opens teach mode; offered only when the page has no register the reader understands. */
  onTeach?(): void;
  onMove(corner: Corner): void;
  onCollapse(collapsed: boolean): void;
}

export function Overlay({
  state,
  actions,
  onDrawn,
}: {
  state: OverlayViewState;
  actions: OverlayActions;
  /** After every drawing: the controller checks the drawn sizes against its placement. */
  onDrawn?(): void;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const enabled = state.enabled.value;
  const privacy = state.privacy.value;
  const all = state.models.value;
  const positions = state.positions.value;
  useLayoutEffect(() => onDrawn?.());

  // WCAG 1.4.13: a tooltip shown on hover must be dismissable without moving the pointer.
  useEffect(() => {
    if (open === null) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(null);
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [open]);

  const models = enabled ? all : [];
  const flagged = models.filter(
    (m) => m.tone !== 'none' && m.tone !== 'unknown' && m.tone !== 'early',
  ).length;
  const early = models.filter((m) => m.early).length;
  const unplaced = state.unplaced.value;
  const ready = state.status.value === 'ready' && enabled && !privacy;
  // Pupils whose badge found no free place beside their name (a tight grid of tiles) still get
  // one, in the bar's list, in page order; never drawn over the page.
  const undrawn = ready && unplaced ? models.filter((m) => !positions.has(m.key)) : [];
  const badge = (model: BadgeModel, index: number, position?: BadgePosition) => (
    <Badge
      key={model.key}
      model={model}
      id={`rl-tip-${index}`}
      position={position}
      open={open === model.key}
      setOpen={setOpen}
    />
  );

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
            badge(model, index, position)
          );
        })}
      </div>
      <Toolbar
        state={state}
        actions={actions}
        summary={
          ready
            ? `${all.length} pupils · ${flagged} flagged` +
              (early ? ` · ${early} too early to tell` : '') +
              (unplaced ? ` · ${unplaced} without room on the page` : '')
            : null
        }
        unplaced={
          undrawn.length ? (
            <ul
              id="rl-unplaced"
              class="rl-unplaced"
              aria-label="Pupils without a badge on the page"
            >
              {undrawn.map((model) => (
                <li key={model.key}>
                  {/* The badge's own name says it to a screen reader; this is for the eye. */}
                  <span class="rl-unplaced-name" aria-hidden="true">
                    {model.name}
                  </span>
                  {badge(model, models.indexOf(model))}
                </li>
              ))}
            </ul>
          ) : null
        }
      />
    </div>
  );
}

function Toolbar({
  state,
  actions,
  summary,
  unplaced,
}: {
  state: OverlayViewState;
  actions: OverlayActions;
  summary: string | null;
  /** The list of pupils whose badge has no room on the page, shown on request. */
  unplaced: JSX.Element | null;
}) {
  const enabled = state.enabled.value;
  const privacy = state.privacy.value;
  const corner = state.corner.value;
  const dock = state.dock.value;
  const tab = state.collapsed.value || !!dock?.squeezed;
  const [listOpen, setListOpen] = useState(false);
  const brand = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  // The one RL button stays where it is between the tab and the bar: keep the focus on it.
  useEffect(() => {
    if (refocus.current) brand.current?.focus();
    refocus.current = false;
  }, [tab]);
  // Until the first measurement the bar waits out of sight, so it never flashes over the page.
  // With no free place in this view it waits out of sight too, rather than cover the page.
  const style = dock
    ? {
        left: `${dock.left}px`,
        top: `${dock.top}px`,
        ...(dock.hidden ? { visibility: 'hidden' as const } : {}),
      }
    : { left: '0px', top: '0px', visibility: 'hidden' as const };
  const nextCorner = CORNERS[(CORNERS.indexOf(corner) + 1) % CORNERS.length]!;
  return (
    <div
      // Docked at the bottom, the list's tooltips open upwards, inside the window.
      class={`rl-toolbar${tab ? ' rl-tab' : ''}${corner.startsWith('bottom') ? ' rl-low' : ''}`}
      role="region"
      aria-label="Register Lens"
      data-status={state.status.value}
      style={style}
    >
      <button
        ref={brand}
        type="button"
        class="rl-button rl-brand-button"
        aria-expanded={tab ? 'false' : 'true'}
        aria-label={
          tab
            ? `RL: show the Register Lens bar${summary ? ` (${summary})` : ''}`
            : 'RL: collapse the Register Lens bar to a tab'
        }
        title={tab ? 'Show the Register Lens bar' : 'Collapse to a small tab'}
        onClick={() => {
          refocus.current = true;
          actions.onCollapse(!tab);
        }}
      >
        RL
      </button>
      {tab ? null : (
        <>
          {summary ? <span class="rl-summary">{summary}</span> : null}
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
          {toggle(enabled, 'Badges', 'Show or hide the badges (Alt+Shift+B)', () =>
            actions.onToggleEnabled(),
          )}
          {toggle(
            privacy,
            'Privacy screen',
            'Hide names and bands, for a projected register (Alt+Shift+P)',
            () => actions.onTogglePrivacy(),
          )}
          <button
            type="button"
            class="rl-button"
            aria-label={`Move this bar to the ${CORNER_NAMES[nextCorner]} corner`}
            title={`Move to the ${CORNER_NAMES[nextCorner]} corner`}
            onClick={() => actions.onMove(nextCorner)}
          >
            Move
          </button>
          {unplaced ? (
            <button
              type="button"
              class="rl-button"
              aria-expanded={listOpen ? 'true' : 'false'}
              title="Badges that have no room beside their names"
              aria-controls={listOpen ? 'rl-unplaced' : undefined}
              onClick={() => {
                // The tutor asked for it: the bar, grown by the list, stays where it is even if
                // the page draws there, rather than shrink to the tab and hide what they opened.
                if (!listOpen) actions.onCollapse(false);
                setListOpen(!listOpen);
              }}
            >
              {listOpen ? 'Hide the list' : 'Show the list'}
            </button>
          ) : null}
          {listOpen ? unplaced : null}
        </>
      )}
    </div>
  );
}

/** One of the bar's on/off buttons: its state said by `aria-pressed` (and a tick, overlay.css). */
const toggle = (pressed: boolean, text: string, title: string, onClick: () => void) => (
  <button type="button" class="rl-button" aria-pressed={pressed} title={title} onClick={onClick}>
    {text}
  </button>
);

function Badge({
  model,
  id,
  position,
  open,
  setOpen,
}: {
  model: BadgeModel;
  id: string;
  /** Where it sits in the layer; without one it is drawn in the flow (the bar's list). */
  position?: BadgePosition | undefined;
  open: boolean;
  setOpen: (key: string | null | ((current: string | null) => string | null)) => void;
}) {
  const close = () => setOpen((current) => (current === model.key ? null : current));
  const compact = !!position?.compact;
  const words = `${model.bandLabel}${model.flagLabel ? ` · ${model.flagLabel}` : ''}`;
  return (
    <span
      class={`rl-badge-wrap${position ? '' : ' rl-in-list'}${open ? ' rl-open' : ''}`}
      style={
        position && {
          top: `${position.top}px`,
          left: `${position.left}px`,
          // Sized to the name's line box; overlay.css reads these.
          '--rl-h': `${position.height}px`,
          '--rl-font': `${badgeFontSize(position.height)}px`,
        }
      }
      onMouseEnter={() => setOpen(model.key)}
      onMouseLeave={close}
    >
      {/*
        Information, not a control: a focusable image whose words are its name and whose counts
        are its description. As a button it would be a small target beside the MIS's own (WCAG
        2.5.8), and nothing happens when it is pressed but the tooltip.
      */}
      <span
        role="img"
        tabIndex={0}
        class={`rl-badge rl-${model.tone}${compact ? ' rl-compact' : ''}`}
        data-key={model.key}
        data-band={model.tone}
        data-text={compact ? shortText(model) : fullText(model)}
        data-height={position?.height}
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
        {compact ? (
          <>
            <span class="rl-short" aria-hidden="true">
              {model.short}
            </span>
            <span class="rl-band" hidden>
              {model.bandLabel}
            </span>
          </>
        ) : (
          <>
            <span class="rl-band">{model.bandLabel}</span>
            {model.flagLabel ? <span class="rl-flag"> · {model.flagLabel}</span> : null}
          </>
        )}
      </span>
      <span role="tooltip" id={id} class="rl-tip" hidden={!open}>
        {compact ? <span class="rl-tip-line rl-tip-head">{words}</span> : null}
        {model.lines.map((line, i) => (
          <span key={i} class="rl-tip-line">
            {line}
          </span>
        ))}
      </span>
    </span>
  );
}
