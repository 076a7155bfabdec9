import { beforeEach, describe, expect, it } from 'vitest';
import { readSiteMappings, removeSiteMappings } from '../../../components/options/api';
import { siteMappingData } from '../../../utils/messaging/background';
import { putSiteMapping, useDatabase } from '../../../utils/store';

const SITE = 'https://school.arbor.sc';
const layout = (pathPattern: string) => ({
  kind: 'register-lens/taught-layout' as const,
  version: 1 as const,
  origin: SITE,
  pathPattern,
  container: '#roll',
  rows: ':scope > li',
  name: '.who',
  marks: [{ selector: 'b', read: 'text' as const }],
  session: null,
});

describe('what was taught on each site, in the store', () => {
  beforeEach(async () => {
    useDatabase(`rl-site-mappings-${Math.random().toString(36).slice(2)}`);
    await putSiteMapping(
      SITE,
      {
        layouts: [layout('/registers/*'), layout('/week/*')],
        marks: [
          { raw: 'P', code: '/' },
          { raw: 'A', code: 'N' },
        ],
      },
      '2026-03-02T08:45:00.000Z',
    );
    await putSiteMapping(
      'https://empty.example',
      { layouts: [], marks: [] },
      '2026-03-02T08:45:00.000Z',
    );
    await putSiteMapping(
      'https://broken.example',
      { marks: 'not a list' },
      '2026-03-02T08:45:00.000Z',
    );
  });

  it('should list only the sites where something was taught, with labels, codes and layouts', async () => {
    expect(await readSiteMappings()).toEqual([
      {
        siteId: SITE,
        marks: [
          { raw: 'P', code: '/' },
          { raw: 'A', code: 'N' },
        ],
        layouts: [
          { pathPattern: '/registers/*', label: null, marks: 1 },
          { pathPattern: '/week/*', label: null, marks: 1 },
        ],
      },
    ]);
  });

  it('should remove one answer, matching its label as the reader does, and keep the rest', async () => {
    await removeSiteMappings(SITE, { marks: [' a '] });
    const data = await siteMappingData(SITE);
    expect(data.marks).toEqual([{ raw: 'P', code: '/' }]);
    expect(data.layouts.map((l) => l.pathPattern)).toEqual(['/registers/*', '/week/*']);
  });

  it('should remove one layout by its pages', async () => {
    await removeSiteMappings(SITE, { layouts: ['/week/*'] });
    const data = await siteMappingData(SITE);
    expect(data.layouts.map((l) => l.pathPattern)).toEqual(['/registers/*']);
    expect(data.marks).toHaveLength(2);
  });

  it('should remove everything of a site, which then leaves the list', async () => {
    await removeSiteMappings(SITE, 'all');
    expect(await siteMappingData(SITE)).toEqual({ layouts: [], marks: [] });
    expect(await readSiteMappings()).toEqual([]);
  });
});
