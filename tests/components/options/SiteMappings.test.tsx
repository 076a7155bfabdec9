import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  OptionsApi,
  SiteMappingRemoval,
  SiteMappingView,
} from '../../../components/options/api';
import { SiteMappingsSection } from '../../../components/options/SiteMappings';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

const ARBOR = 'https://school.arbor.sc';
const GIBBON = 'https://gibbon.school.example';

/** A fake of the two calls the section makes, keeping what it was told to forget. */
function fakeApi(sites: SiteMappingView[]) {
  let stored = structuredClone(sites);
  const removals: [string, SiteMappingRemoval][] = [];
  const api = {
    async siteMappings() {
      return structuredClone(stored);
    },
    async removeSiteMappings(siteId: string, what: SiteMappingRemoval) {
      removals.push([siteId, what]);
      stored = stored
        .map((s) =>
          s.siteId !== siteId
            ? s
            : what === 'all'
              ? { ...s, marks: [], layouts: [] }
              : {
                  ...s,
                  marks: s.marks.filter((m) => !what.marks?.includes(m.raw)),
                  layouts: s.layouts.filter((l) => !what.layouts?.includes(l.pathPattern)),
                },
        )
        .filter((s) => s.marks.length || s.layouts.length);
    },
  } as unknown as OptionsApi;
  return { api, removals };
}

const taught = (): SiteMappingView[] => [
  {
    siteId: ARBOR,
    marks: [
      { raw: 'P', code: '/' },
      { raw: 'A', code: 'N' },
      { raw: 'Q', code: null },
    ],
    layouts: [{ pathPattern: '/registers/*', label: 'Form register', marks: 1 }],
  },
  { siteId: GIBBON, marks: [{ raw: 'Absent: Family', code: 'C' }], layouts: [] },
];

describe('what was taught on each site, on the options page', () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.replaceChildren(root);
  });
  afterEach(() => render(null, root));

  async function open(sites: SiteMappingView[]) {
    const fake = fakeApi(sites);
    render(<SiteMappingsSection api={fake.api} today="2026-03-02" />, root);
    await until(() => !root.textContent?.includes('Reading what was taught'));
    return fake;
  }
  const named = (name: string) =>
    [...root.querySelectorAll('button')].find(
      (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name,
    );
  const rowsOf = (caption: string) => {
    const table = [...root.querySelectorAll('table')].find(
      (t) => t.querySelector('caption')?.textContent === caption,
    );
    return [...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) =>
      [...tr.children].slice(0, 2).map((c) => c.textContent),
    );
  };

  it('should list each site with every label and what it maps to', async () => {
    await open(taught());
    expect(rowsOf(`Answers for ${ARBOR}`)).toEqual([
      ['P', '/ Present (AM)'],
      ['A', 'N Reason for absence not yet established'],
      ['Q', 'No code: shown as unknown, not counted'],
    ]);
    expect(rowsOf(`Taught layouts for ${ARBOR}`)).toEqual([
      ['Form register (/registers/*)', '1 mark per pupil'],
    ]);
    expect(rowsOf(`Answers for ${GIBBON}`)).toEqual([
      ['Absent: Family', 'C Exceptional circumstances'],
    ]);
  });

  it('should say so when nothing has been taught', async () => {
    await open([]);
    expect(root.textContent).toContain('Nothing has been taught on any site yet.');
  });

  it('should remove one answer, say so, and keep the keyboard in the section', async () => {
    const { removals } = await open(taught());
    named(`Remove the answer for “A” on ${ARBOR}`)!.click();
    await until(() => rowsOf(`Answers for ${ARBOR}`).length === 2);
    expect(removals).toEqual([[ARBOR, { marks: ['A'] }]]);
    expect(rowsOf(`Answers for ${ARBOR}`).map((r) => r[0])).toEqual(['P', 'Q']);
    expect(root.querySelector('[role="status"]')!.textContent).toContain(
      `Removed the answer for “A” on ${ARBOR}.`,
    );
    expect(document.activeElement?.id).toBe('site-mappings-heading');
  });

  it('should remove a taught layout by its pages', async () => {
    const { removals } = await open(taught());
    named(`Remove the layout taught for /registers/* on ${ARBOR}`)!.click();
    await until(() => removals.length === 1);
    expect(removals).toEqual([[ARBOR, { layouts: ['/registers/*'] }]]);
  });

  it('should ask before removing all of a site, and remove nothing when kept', async () => {
    const { removals } = await open(taught());
    named(`Remove all for ${ARBOR}`)!.click();
    await until(() => !!named('Keep them'));
    expect(root.textContent).toContain(
      `Remove all 3 answers and 1 taught layout for ${ARBOR}? This cannot be undone.`,
    );
    expect(document.activeElement?.textContent).toBe('Yes, remove them');
    named('Keep them')!.click();
    await until(() => !named('Keep them'));
    expect(removals).toEqual([]);
  });

  it('should remove all of one site once confirmed, leaving the other', async () => {
    const { removals } = await open(taught());
    named(`Remove all for ${ARBOR}`)!.click();
    await until(() => !!named('Yes, remove them'));
    named('Yes, remove them')!.click();
    await until(() => !root.textContent?.includes(`Answers for ${ARBOR}`));
    expect(removals).toEqual([[ARBOR, 'all']]);
    expect(root.querySelectorAll('h3')).toHaveLength(1);
    expect(root.querySelector('h3')!.textContent).toBe(GIBBON);
  });

  it('should remove everything on every site once confirmed', async () => {
    const { removals } = await open(taught());
    named('Remove everything taught on every site')!.click();
    await until(() => !!named('Yes, remove them'));
    named('Yes, remove them')!.click();
    await until(() => root.textContent!.includes('Nothing has been taught on any site yet.'));
    expect(removals).toEqual([
      [ARBOR, 'all'],
      [GIBBON, 'all'],
    ]);
  });

  it('should label every button by what it removes and where', async () => {
    await open(taught());
    for (const b of root.querySelectorAll('button')) {
      expect(b.getAttribute('aria-label') ?? b.textContent).toMatch(/Remove .+/);
    }
  });
});
