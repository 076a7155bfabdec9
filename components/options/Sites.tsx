import { useEffect, useState } from 'preact/hooks';
import type { OptionsApi } from './api';
import { normaliseSitePattern } from './logic';

/**
 * The MIS addresses the extension may read. Nothing is granted at install: each address is asked
 * for here, under the user's click, and can be removed again.
 */
export function SitesSection({
  sites,
  api,
  onChange,
}: {
  sites: readonly string[];
  api: Pick<OptionsApi, 'requestOrigins' | 'removeOrigins' | 'hasOrigins'>;
  onChange(next: string[]): Promise<void>;
}) {
  const [input, setInput] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [granted, setGranted] = useState<Record<string, boolean>>({});

  useEffect(() => {
    let live = true;
    void Promise.all(
      sites.map(async (s) => [s, await api.hasOrigins([s]).catch(() => false)] as const),
    ).then((pairs) => {
      if (live) setGranted(Object.fromEntries(pairs));
    });
    return () => {
      live = false;
    };
  }, [sites, api]);

  const add = async (event: Event) => {
    event.preventDefault();
    const parsed = normaliseSitePattern(input);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    const pattern = parsed.value;
    // The browser shows its permission prompt only while the click is still a user gesture, so
    // the request comes before anything else is awaited.
    let ok = false;
    try {
      ok = await api.requestOrigins([pattern]);
    } catch (err) {
      setError(`The browser refused: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (!ok) {
      setStatus(`Permission for ${pattern} was not granted; nothing changed.`);
      return;
    }
    if (!sites.includes(pattern)) await onChange([...sites, pattern]);
    setInput('');
    setStatus(`Enabled ${pattern}. Reload your register page to see the badges.`);
  };

  const remove = async (pattern: string) => {
    await api.removeOrigins([pattern]).catch(() => false);
    await onChange(sites.filter((s) => s !== pattern));
    setStatus(`Removed ${pattern}: Register Lens no longer reads it.`);
  };

  return (
    <section aria-labelledby="sites-heading">
      <h2 id="sites-heading">MIS sites</h2>
      <p>
        Register Lens reads only the addresses you enable here. Enter your MIS address, for example{' '}
        <code>https://*.arbor.sc/*</code> or <code>https://mis.yourschool.example/</code>; your
        browser will ask you to allow it.
      </p>
      <form class="row" onSubmit={add}>
        <label for="site-input">MIS address</label>
        <input
          id="site-input"
          type="text"
          inputMode="url"
          autoComplete="off"
          spellcheck={false}
          value={input}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'site-error' : undefined}
          onInput={(e) => setInput((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit">Enable site</button>
      </form>
      {error ? (
        <p id="site-error" class="error" role="alert">
          {error}
        </p>
      ) : null}
      <p role="status" class="status">
        {status}
      </p>
      <h3>Enabled sites</h3>
      {sites.length === 0 ? (
        <p>No sites enabled yet.</p>
      ) : (
        <ul class="sites">
          {sites.map((site) => (
            <li key={site}>
              <code>{site}</code>{' '}
              {granted[site] === false ? (
                <span class="warning">(permission missing: enable it again)</span>
              ) : null}{' '}
              <button type="button" onClick={() => void remove(site)}>
                Remove {site}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
