import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

export interface TabDef<K extends string> {
  id: K;
  label: string;
}

interface TabsProps<K extends string> {
  label: string;
  tabs: readonly TabDef<K>[];
  selected: K | null;
  onSelect(id: K): void;
  idPrefix: string;
}

/**
 * ARIA tabs with a roving tabindex: Tab reaches the selected tab, arrows move between tabs
 * (automatic activation, as the panels are cheap to show), Home and End jump to the ends.
 */
export function TabList<K extends string>({
  label,
  tabs,
  selected,
  onSelect,
  idPrefix,
}: TabsProps<K>) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const current = Math.max(
    0,
    tabs.findIndex((tab) => tab.id === selected),
  );
  const move = (index: number) => {
    const next = (index + tabs.length) % tabs.length;
    const tab = tabs[next];
    if (!tab) return;
    onSelect(tab.id);
    refs.current[next]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const keys: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: tabs.length - 1,
    };
    const target = keys[event.key];
    if (target === undefined) return;
    event.preventDefault();
    move(target);
  };
  return (
    <div role="tablist" aria-label={label} class="rl-tabs">
      {tabs.map((tab, index) => {
        const isSelected = selected === tab.id;
        return (
          <button
            key={tab.id}
            ref={(el) => {
              refs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${tab.id}`}
            aria-selected={isSelected}
            aria-controls={isSelected ? `${idPrefix}-panel` : undefined}
            tabIndex={index === current ? 0 : -1}
            class="rl-tab"
            onClick={() => onSelect(tab.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}

export function TabPanel({
  idPrefix,
  labelledBy,
  hidden = false,
  children,
}: {
  idPrefix: string;
  labelledBy: string;
  hidden?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div
      role="tabpanel"
      id={`${idPrefix}-panel`}
      aria-labelledby={labelledBy}
      tabIndex={0}
      hidden={hidden}
    >
      {children}
    </div>
  );
}
