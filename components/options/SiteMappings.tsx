import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { codeInfo } from '../../utils/attendance/codes';
import type { OptionsApi, SiteMappingRemoval, SiteMappingView } from './api';

/**
 * What was taught on each site: the answers given to "what does this mean?" on a register and
 * the layouts taught there, listed per site with what each label means, so a wrong answer can be
 * taken back. They are kept per site because a school's own letters mean what that MIS says.
 * A removal applies the next time a register on that site is read.
 */

type Pending = { siteId: string | null; text: string };

/** What a taught label means, in words: the code and its meaning, or no code. */
export function meaningOf(code: string | null, today: string): string {
  if (!code) return 'No code: shown as unknown, not counted';
  const info = codeInfo(code, today);
  return info ? `${code} ${info.meaning}` : `${code} (a legacy code)`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function summary(site: SiteMappingView): string {
  const parts = [];
  if (site.marks.length) parts.push(plural(site.marks.length, 'answer', 'answers'));
  if (site.layouts.length)
    parts.push(plural(site.layouts.length, 'taught layout', 'taught layouts'));
  return parts.join(' and ');
}

export function SiteMappingsSection({ api, today }: { api: OptionsApi; today: string }) {
  const [sites, setSites] = useState<SiteMappingView[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  // "Remove all" asks once before it forgets: for one site (its id) or every site (null).
  const [confirming, setConfirming] = useState<Pending | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);

  const load = useCallback(async () => {
    try {
      setSites(await api.siteMappings());
      setFailure(null);
    } catch (error) {
      setFailure(`What was taught could not be read: ${String(error)}`);
      setSites([]);
    }
  }, [api]);
  useEffect(() => void load(), [load]);
  useEffect(() => confirmButton.current?.focus(), [confirming]);

  /** Runs a removal, says what happened, reloads, and keeps the keyboard in this section. */
  const removing = async (work: () => Promise<void>, done: string) => {
    try {
      await work();
      setStatus(done);
    } catch (error) {
      setStatus(null);
      setFailure(`That could not be removed: ${String(error)}`);
    }
    setConfirming(null);
    await load();
    // The button that was pressed is gone.
    heading.current?.focus();
  };

  const remove = (siteId: string, what: SiteMappingRemoval, done: string) =>
    removing(
      () => api.removeSiteMappings(siteId, what),
      `${done} It applies the next time a register on that site is read.`,
    );

  // One row's Remove: its label and its status say the same thing ("the answer for “P” on …").
  const removeButton = (siteId: string, thing: string, what: SiteMappingRemoval) => (
    <button
      type="button"
      aria-label={`Remove ${thing} on ${siteId}`}
      onClick={() => void remove(siteId, what, `Removed ${thing} on ${siteId}.`)}
    >
      Remove
    </button>
  );

  const removeEverything = () => {
    const all = sites ?? [];
    return removing(
      async () => {
        for (const s of all) await api.removeSiteMappings(s.siteId, 'all');
      },
      `Removed what was taught on ${plural(all.length, 'site', 'sites')}.`,
    );
  };

  const confirmBox = (pending: Pending, onYes: () => void) => (
    <div class="confirm" role="group" aria-labelledby="site-mappings-confirm">
      <p id="site-mappings-confirm">{pending.text}</p>
      <button type="button" class="danger" ref={confirmButton} onClick={onYes}>
        Yes, remove them
      </button>{' '}
      <button type="button" onClick={() => setConfirming(null)}>
        Keep them
      </button>
    </div>
  );

  return (
    <section aria-labelledby="site-mappings-heading">
      <h2 id="site-mappings-heading" tabIndex={-1} ref={heading}>
        What you taught on each site
      </h2>
      <p>
        Your answers to “what does this mean?” on a register, and the layouts you taught, are kept
        for the site where you gave them: a school’s own letters mean what that system says. Remove
        one that is wrong and Register Lens will ask again.
      </p>
      <p role="status" class="status">
        {status}
      </p>
      {failure ? (
        <p class="error" role="alert">
          {failure}
        </p>
      ) : null}
      {sites === null ? <p>Reading what was taught…</p> : null}
      {sites?.length === 0 ? <p>Nothing has been taught on any site yet.</p> : null}
      {sites?.map((site, s) => {
        const id = `site-mapping-${s}`;
        return (
          <section key={site.siteId} aria-labelledby={id} class="site-mapping">
            <h3 id={id}>{site.siteId}</h3>
            <p class="hint">{summary(site)}</p>
            {site.marks.length ? (
              <table>
                <caption>Answers for {site.siteId}</caption>
                <thead>
                  <tr>
                    <th scope="col">Label on the register</th>
                    <th scope="col">Means</th>
                    <th scope="col">Remove</th>
                  </tr>
                </thead>
                <tbody>
                  {site.marks.map((entry) => (
                    <tr key={entry.raw}>
                      <th scope="row">{entry.raw}</th>
                      <td>{meaningOf(entry.code, today)}</td>
                      <td>
                        {removeButton(site.siteId, `the answer for “${entry.raw}”`, {
                          marks: [entry.raw],
                        })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {site.layouts.length ? (
              <table>
                <caption>Taught layouts for {site.siteId}</caption>
                <thead>
                  <tr>
                    <th scope="col">Pages</th>
                    <th scope="col">Reads</th>
                    <th scope="col">Remove</th>
                  </tr>
                </thead>
                <tbody>
                  {site.layouts.map((layout) => (
                    <tr key={layout.pathPattern}>
                      <th scope="row">
                        {layout.label
                          ? `${layout.label} (${layout.pathPattern})`
                          : layout.pathPattern}
                      </th>
                      <td>{plural(layout.marks, 'mark per pupil', 'marks per pupil')}</td>
                      <td>
                        {removeButton(site.siteId, `the layout taught for ${layout.pathPattern}`, {
                          layouts: [layout.pathPattern],
                        })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {confirming?.siteId === site.siteId ? (
              confirmBox(
                confirming,
                () =>
                  void remove(site.siteId, 'all', `Removed everything taught on ${site.siteId}.`),
              )
            ) : (
              <button
                type="button"
                class="danger"
                onClick={() =>
                  setConfirming({
                    siteId: site.siteId,
                    text: `Remove all ${summary(site)} for ${site.siteId}? This cannot be undone.`,
                  })
                }
              >
                Remove all for {site.siteId}
              </button>
            )}
          </section>
        );
      })}
      {sites && sites.length > 1 ? (
        confirming && confirming.siteId === null ? (
          confirmBox(confirming, () => void removeEverything())
        ) : (
          <p>
            <button
              type="button"
              class="danger"
              onClick={() =>
                setConfirming({
                  siteId: null,
                  text: `Remove everything taught on all ${sites.length} sites? This cannot be undone.`,
                })
              }
            >
              Remove everything taught on every site
            </button>
          </p>
        )
      ) : null}
    </section>
  );
}
