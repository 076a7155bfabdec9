import { useEffect, useRef } from 'preact/hooks';
import { TabList, TabPanel, type TabDef } from '../ui/Tabs';
import { Button } from '../ui/Button';
import { applyTheme, saveTheme, themeChoiceSchema } from '../ui/theme';
import type { ComponentChildren } from 'preact';
import { CohortView } from './CohortView';
import { ImportDialog } from './ImportDialog';
import { PanelContext } from './context';
import type { PanelSource } from './model';
import { PupilView } from './PupilView';
import { QueueView } from './QueueView';
import { RegisterView } from './RegisterView';
import type { PanelState, TabId } from './state';

const TABS: readonly TabDef<TabId>[] = [
  { id: 'register', label: 'Register' },
  { id: 'queue', label: 'Queue' },
  { id: 'cohort', label: 'Cohort' },
];

interface AppProps {
  source: PanelSource;
  state: PanelState;
  /** Where the settings page lives (an extension page). */
  settingsHref?: string;
  /** Where the theme choice is kept; absent in tests. */
  storage?: Storage | undefined;
  /** The import wizard, behind an "Import history" button; absent, no button. */
  renderImport?: (() => ComponentChildren) | undefined;
}

export function App({
  source,
  state,
  settingsHref = 'options.html',
  storage,
  renderImport,
}: AppProps) {
  useEffect(() => {
    source.loadPrefs().then(
      (prefs) => {
        state.privacy.value = prefs.privacyScreen;
        state.overlay.value = prefs.overlayEnabled;
      },
      () => undefined,
    );
    return source.subscribe(() => {
      state.revision.value += 1;
    });
  }, [source, state]);

  useEffect(() => {
    if (typeof document !== 'undefined') applyTheme(document.documentElement, state.theme.value);
  }, [state.theme.value]);

  const togglePrivacy = () => {
    state.privacy.value = !state.privacy.value;
    void source.savePrefs({ privacyScreen: state.privacy.value });
    state.announcement.value = state.privacy.value
      ? 'Privacy screen on: names are hidden.'
      : 'Privacy screen off.';
  };
  const toggleOverlay = () => {
    state.overlay.value = !state.overlay.value;
    void source.savePrefs({ overlayEnabled: state.overlay.value });
    state.announcement.value = state.overlay.value
      ? 'Badges shown on the register.'
      : 'Badges hidden on the register.';
  };

  const pupilId = state.pupilId.value;
  const tab = state.tab.value;

  // The list stays mounted (hidden) under the pupil page, so Back lands on the same pupil's
  // name at the same scroll position.
  const lastPupil = useRef<string | null>(null);
  useEffect(() => {
    const previous = lastPupil.current;
    lastPupil.current = pupilId;
    if (pupilId || !previous || typeof document === 'undefined') return;
    const row = [...document.querySelectorAll<HTMLElement>('[data-pupil-id]')].find(
      (el) => el.dataset.pupilId === previous,
    );
    (row?.querySelector<HTMLElement>('.rl-link') ?? document.getElementById('rl-panel'))?.focus();
  }, [pupilId]);
  return (
    <PanelContext.Provider value={{ source, state }}>
      <div class="rl-app" data-privacy={state.privacy.value ? 'on' : 'off'}>
        <header class="rl-header">
          <h1>Register Lens</h1>
          <div class="rl-toolbar" role="group" aria-label="Display">
            <Button aria-pressed={state.privacy.value} onClick={togglePrivacy}>
              Privacy screen
            </Button>
            <Button aria-pressed={state.overlay.value} onClick={toggleOverlay}>
              Badges on register
            </Button>
            <label class="rl-field rl-field--inline">
              Theme
              <select
                value={state.theme.value}
                onChange={(e) => {
                  const theme = themeChoiceSchema.parse(e.currentTarget.value);
                  state.theme.value = theme;
                  saveTheme(storage, theme);
                }}
              >
                <option value="system">As the system</option>
                <option value="light">Light</option>
                <option value="dark">Dark</option>
              </select>
            </label>
            {renderImport ? <ImportDialog>{renderImport}</ImportDialog> : null}
            <a href={settingsHref} target="_blank" rel="noopener">
              Settings
            </a>
          </div>
        </header>
        <nav aria-label="Views">
          <TabList
            label="Views"
            tabs={TABS}
            selected={pupilId ? null : tab}
            idPrefix="rl"
            onSelect={(id) => {
              state.pupilId.value = null;
              state.tab.value = id;
            }}
          />
        </nav>
        <main>
          {pupilId ? <PupilView pupilId={pupilId} /> : null}
          <TabPanel idPrefix="rl" labelledBy={`rl-tab-${tab}`} hidden={pupilId !== null}>
            {tab === 'register' ? (
              <RegisterView renderImport={renderImport} storage={storage} />
            ) : tab === 'queue' ? (
              <QueueView />
            ) : (
              <CohortView />
            )}
          </TabPanel>
        </main>
        <div class="rl-visually-hidden" role="status" aria-live="polite">
          {state.announcement.value}
        </div>
      </div>
    </PanelContext.Provider>
  );
}
