import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

interface VirtualListProps<T> {
  items: readonly T[];
  /** Every row has the same height, so the window is arithmetic, not measured. */
  rowHeight: number;
  /** Height of the scrolling viewport in pixels. */
  height: number;
  label: string;
  getKey(item: T): string;
  renderRow(item: T, index: number): ComponentChildren;
  overscan?: number;
}

export function visibleRange(
  scrollTop: number,
  height: number,
  rowHeight: number,
  total: number,
  overscan: number,
): { start: number; end: number } {
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(total, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { start, end };
}

/**
 * A windowed list: only the rows in view (plus a few) are in the DOM, so 1,500 pupils cost the
 * same as 30. Screen readers still hear the true size and position of each row through
 * aria-setsize/aria-posinset, and the arrow keys, Page Up/Down, Home and End move between rows
 * (scrolling the row into the window before focusing it).
 */
export function VirtualList<T>({
  items,
  rowHeight,
  height,
  label,
  getKey,
  renderRow,
  overscan = 4,
}: VirtualListProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [active, setActive] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  const total = items.length;
  const { start, end } = visibleRange(scrollTop, height, rowHeight, total, overscan);
  const tabStop = active >= start && active < end ? active : start;

  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    pendingFocus.current = null;
    scroller.current
      ?.querySelector<HTMLElement>(`[data-index="${index}"]`)
      ?.focus({ preventScroll: true });
  });

  const focusRow = (index: number) => {
    const el = scroller.current;
    if (!el || total === 0) return;
    const next = Math.min(total - 1, Math.max(0, index));
    const top = next * rowHeight;
    let newTop = el.scrollTop;
    if (top < newTop) newTop = top;
    else if (top + rowHeight > newTop + height) newTop = top + rowHeight - height;
    el.scrollTop = newTop;
    pendingFocus.current = next;
    setScrollTop(newTop);
    setActive(next);
  };

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    // Keys typed into a control inside a row belong to that control.
    if (event.target !== event.currentTarget) return;
    const page = Math.max(1, Math.floor(height / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: total - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    focusRow(target);
  };

  const rows: ComponentChildren[] = [];
  for (let index = start; index < end; index++) {
    const item = items[index] as T;
    rows.push(
      <div
        key={getKey(item)}
        role="listitem"
        aria-setsize={total}
        aria-posinset={index + 1}
        data-index={index}
        tabIndex={index === tabStop ? 0 : -1}
        class="rl-vlist__row"
        style={{ position: 'absolute', top: `${index * rowHeight}px`, height: `${rowHeight}px` }}
        onKeyDown={(event) => onKeyDown(event, index)}
        onFocus={(event) => {
          if (event.target === event.currentTarget) setActive(index);
        }}
      >
        {renderRow(item, index)}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      class="rl-vlist"
      style={{ height: `${height}px`, overflowY: 'auto', position: 'relative' }}
      onScroll={(event) => setScrollTop((event.currentTarget as HTMLDivElement).scrollTop)}
    >
      <div
        role="list"
        aria-label={label}
        style={{ height: `${total * rowHeight}px`, position: 'relative' }}
      >
        {rows}
      </div>
    </div>
  );
}
