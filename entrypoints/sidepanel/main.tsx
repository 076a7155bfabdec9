import '../../components/ui/tokens.css';
import '../../components/panel/panel.css';
import { render } from 'preact';
import { z } from 'zod';
import { App } from '../../components/panel/App';
import { createStoreSource } from '../../components/panel/data';
import { createPanelState } from '../../components/panel/state';
import { loadTheme } from '../../components/ui/theme';

const storage = globalThis.localStorage;
const state = createPanelState({ theme: loadTheme(storage) });

// The demo school lives on a fixed school day; only the demo build lets the page say which.
let now: (() => Date) | undefined;
if (import.meta.env.MODE === 'demo') {
  const today = z.iso.date().safeParse(new URLSearchParams(location.search).get('today'));
  if (today.success) now = () => new Date(`${today.data}T12:00:00`);
  void import('./demo-hooks').then((hooks) => hooks.install());
}

render(
  <App source={createStoreSource(now ? { now } : {})} state={state} storage={storage} />,
  document.getElementById('app')!,
);
