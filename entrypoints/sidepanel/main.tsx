import '../../utils/zod-jitless';
import '../../components/ui/tokens.css';
import '../../components/panel/panel.css';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { App } from '../../components/panel/App';
import { createStoreSource } from '../../components/panel/data';
import { createPanelState } from '../../components/panel/state';
import { ImportWizard } from '../../components/transfer/ImportWizard';
import { storeTransferApi } from '../../components/transfer/api';
import { loadTheme } from '../../components/ui/theme';
import { DEMO_TODAY_KEY, demoToday, onDay } from '../../utils/demo-clock';

const storage = globalThis.localStorage;
const state = createPanelState({ theme: loadTheme(storage) });

/**
 * The demo school lives on a fixed school day. Only the demo build reads it, from the one source
 * the worker reads too (`utils/demo-clock`); a `?today=` in the address is written there, so the
 * panel and the worker never disagree about the day.
 */
async function demoClock(): Promise<(() => Date) | undefined> {
  if (import.meta.env.MODE !== 'demo') return undefined;
  void import('./demo-hooks').then((hooks) => hooks.install());
  const asked = z.iso.date().safeParse(new URLSearchParams(location.search).get('today'));
  if (asked.success) await browser.storage.local.set({ [DEMO_TODAY_KEY]: asked.data });
  let day = await demoToday(import.meta.env.MODE, browser.storage.local);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !(DEMO_TODAY_KEY in changes)) return;
    void demoToday(import.meta.env.MODE, browser.storage.local).then((next) => (day = next));
  });
  return () => onDay(new Date(), day);
}

void demoClock().then((now) =>
  render(
    <App
      source={createStoreSource(now ? { now } : {})}
      state={state}
      storage={storage}
      renderImport={() => <ImportWizard api={storeTransferApi} />}
    />,
    document.getElementById('app')!,
  ),
);
