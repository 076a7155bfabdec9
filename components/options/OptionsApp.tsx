import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Settings } from '../../utils/settings/schema';
import type { StorageUse } from '../../utils/store';
import type { OptionsApi, RegisterLabel } from './api';
import { CalendarSection } from './Calendar';
import { formatBytes, WIPE_PHRASE } from './logic';
import { MappingsSection } from './Mappings';
import { SiteMappingsSection } from './SiteMappings';
import { SitesSection } from './Sites';
import { ThresholdsSection } from './Thresholds';

/**
 * The options page: the school's settings, its MIS sites and its data. Every change is validated
 * and saved at once; what the store could not read back is named at the top, field by field.
 */
export function OptionsApp({
  api,
  today,
  children,
}: {
  api: OptionsApi;
  /** Today's date (YYYY-MM-DD), passed in so the page has no clock of its own. */
  today: string;
  /** Further sections (import, export, backup). */
  children?: ComponentChildren;
}) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [repaired, setRepaired] = useState<string[]>([]);
  const [labels, setLabels] = useState<RegisterLabel[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const latest = useRef<Settings | null>(null);

  useEffect(() => {
    void api
      .loadSettings()
      .then((loaded) => {
        latest.current = loaded.settings;
        setSettings(loaded.settings);
        setRepaired(loaded.repaired);
      })
      .catch((error) => setFailure(`Settings could not be read: ${String(error)}`));
    void api
      .lastRegisterLabels()
      .then(setLabels)
      .catch(() => setLabels([]));
  }, [api]);

  const update = useCallback(
    async (change: Partial<Settings>, what: string) => {
      const base = latest.current;
      if (!base) return;
      const next = { ...base, ...change };
      latest.current = next;
      setSettings(next);
      try {
        latest.current = await api.saveSettings(next);
        await api.settingsChanged().catch(() => undefined);
        setFailure(null);
        setSaved(`${what} saved.`);
      } catch (error) {
        setFailure(`${what} could not be saved: ${error instanceof Error ? error.message : error}`);
      }
    },
    [api],
  );

  if (!settings) {
    return (
      <main>
        <h1>Register Lens settings</h1>
        <p role="status">{failure ?? 'Loading settings…'}</p>
      </main>
    );
  }

  return (
    <main>
      <h1>Register Lens settings</h1>
      <p class="lead">
        Everything Register Lens knows stays in this browser on this device. Nothing is sent
        anywhere.
      </p>
      {repaired.length ? (
        <div class="notice" role="alert">
          <p>
            Some stored settings could not be read and were put back to their defaults:{' '}
            {repaired.join(', ')}. Check them below.
          </p>
        </div>
      ) : null}
      <p role="status" class="status">
        {saved}
      </p>
      {failure ? (
        <p class="error" role="alert">
          {failure}
        </p>
      ) : null}

      <SitesSection
        sites={settings.sites}
        api={api}
        onChange={(sites) => update({ sites }, 'Sites')}
      />

      <section aria-labelledby="display-heading">
        <h2 id="display-heading">On the register</h2>
        <div class="field">
          <input
            id="overlay-enabled"
            type="checkbox"
            checked={settings.overlayEnabled}
            onChange={(e) =>
              void update(
                { overlayEnabled: (e.currentTarget as HTMLInputElement).checked },
                'Badges',
              )
            }
          />
          <label for="overlay-enabled">Show badges beside pupils on the register</label>
        </div>
        <div class="field">
          <input
            id="privacy-screen"
            type="checkbox"
            checked={settings.privacyScreen}
            aria-describedby="privacy-help"
            onChange={(e) =>
              void update(
                { privacyScreen: (e.currentTarget as HTMLInputElement).checked },
                'Privacy screen',
              )
            }
          />
          <label for="privacy-screen">Start with the privacy screen on</label>
          <p id="privacy-help" class="hint">
            For a register shown on a projector: names are hidden in Register Lens and badges become
            plain dots. Alt+Shift+P switches it on the register page.
          </p>
        </div>
      </section>

      <ThresholdsSection
        value={settings.thresholds}
        onChange={(thresholds) => void update({ thresholds }, 'Thresholds')}
      />

      <CalendarSection
        value={settings.calendar}
        today={today}
        onChange={(calendar) => void update({ calendar }, 'Calendar')}
      />

      <MappingsSection
        value={settings.markMappings}
        labels={labels}
        today={today}
        onChange={(markMappings) => void update({ markMappings }, 'Mark mappings')}
      />

      <SiteMappingsSection api={api} today={today} />

      <section aria-labelledby="retention-heading">
        <h2 id="retention-heading">How long data is kept</h2>
        <div class="field">
          <label for="retention-years">Keep attendance marks for</label>
          <select
            id="retention-years"
            value={String(settings.retention.academicYears)}
            onChange={(e) =>
              void update(
                {
                  retention: {
                    academicYears: Number((e.currentTarget as HTMLSelectElement).value),
                  },
                },
                'Retention',
              )
            }
          >
            {RETENTION_CHOICES.map((years) => (
              <option key={years} value={String(years)}>
                {retentionLabel(years)}
              </option>
            ))}
          </select>
        </div>
        <p class="hint">
          Older marks are deleted automatically once a day. Notes and records of support are kept
          until you wipe them.
        </p>
      </section>

      {children}

      <DataSection
        api={api}
        onWiped={async (everything) => {
          if (!everything) return;
          // Settings are back to defaults, so the sites they listed should lose their access too.
          const sites = latest.current?.sites ?? [];
          if (sites.length) await api.removeOrigins(sites).catch(() => false);
          const loaded = await api.loadSettings();
          latest.current = loaded.settings;
          setSettings(loaded.settings);
          await api.settingsChanged().catch(() => undefined);
        }}
      />
    </main>
  );
}

const RETENTION_CHOICES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
const retentionLabel = (years: number): string =>
  years === 1
    ? 'this academic year only'
    : years === 2
      ? 'this and the previous academic year (recommended)'
      : `this and the ${years - 1} previous academic years`;

function DataSection({
  api,
  onWiped,
}: {
  api: OptionsApi;
  onWiped(everything: boolean): Promise<void>;
}) {
  const [use, setUse] = useState<StorageUse | null>(null);
  const [typed, setTyped] = useState('');
  const [everything, setEverything] = useState(false);
  const [status, setStatus] = useState<string | null>(null);

  const refresh = useCallback(() => {
    void api
      .storageEstimate()
      .then(setUse)
      .catch(() => setUse(null));
  }, [api]);
  useEffect(refresh, [refresh]);

  return (
    <section aria-labelledby="data-heading">
      <h2 id="data-heading">Your data</h2>
      <p>
        {use
          ? `${use.pupils} pupils and ${use.marks} attendance marks stored, using ${formatBytes(use.usageBytes)}.`
          : 'Working out how much is stored…'}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim().toLowerCase() !== WIPE_PHRASE) return;
          void api
            .wipeAll(everything)
            .then(() => onWiped(everything))
            .then(() => {
              setTyped('');
              setStatus(
                everything
                  ? 'Everything was wiped, settings and sites included.'
                  : 'All pupil data was wiped.',
              );
              refresh();
            })
            .catch((error) => setStatus(`Nothing was wiped: ${String(error)}`));
        }}
      >
        <fieldset>
          <legend>Wipe all data</legend>
          <p id="wipe-help">
            Deletes every pupil, mark, note, intervention and review from this browser. This cannot
            be undone. Type <strong>{WIPE_PHRASE}</strong> to confirm.
          </p>
          <div class="field">
            <label for="wipe-confirm">Confirmation</label>
            <input
              id="wipe-confirm"
              autoComplete="off"
              value={typed}
              aria-describedby="wipe-help"
              onInput={(e) => setTyped((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <div class="field">
            <input
              id="wipe-everything"
              type="checkbox"
              checked={everything}
              onChange={(e) => setEverything((e.currentTarget as HTMLInputElement).checked)}
            />
            <label for="wipe-everything">Also reset settings, sites and taught registers</label>
          </div>
          <button
            type="submit"
            class="danger"
            disabled={typed.trim().toLowerCase() !== WIPE_PHRASE}
          >
            Wipe all data
          </button>
        </fieldset>
      </form>
      <p role="status" class="status">
        {status}
      </p>
    </section>
  );
}
