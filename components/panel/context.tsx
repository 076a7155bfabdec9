import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { PanelSource } from './model';
import type { PanelState } from './state';

export interface PanelContextValue {
  state: PanelState;
  source: PanelSource;
}

export const PanelContext = createContext<PanelContextValue | null>(null);

export function usePanel(): PanelContextValue {
  const value = useContext(PanelContext);
  if (!value) throw new Error('Panel views must be rendered inside <App> or a PanelContext.');
  return value;
}

export type Loaded<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

/**
 * Loads view data and reloads it whenever stored data changes (state.revision), keeping the old
 * value on screen meanwhile so a live update never flashes the view empty.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const { state } = usePanel();
  const revision = state.revision.value;
  const [result, setResult] = useState<Loaded<T>>({ status: 'loading' });
  useEffect(() => {
    let cancelled = false;
    load().then(
      (value) => {
        if (!cancelled) setResult({ status: 'ready', value });
      },
      (error: unknown) => {
        if (!cancelled) {
          setResult({
            status: 'error',
            message: error instanceof Error ? error.message : String(error),
          });
        }
      },
    );
    return () => {
      cancelled = true;
    };
    // The caller names its own dependencies; revision is added so data changes reload.
  }, [...deps, revision]);
  return result;
}

export function LoadState({ loaded, what }: { loaded: Loaded<unknown>; what: string }) {
  if (loaded.status === 'loading') return <p class="rl-muted">Loading {what}…</p>;
  if (loaded.status === 'error') {
    return (
      <p class="rl-error" role="alert">
        Could not load {what}: {loaded.message}
      </p>
    );
  }
  return null;
}
