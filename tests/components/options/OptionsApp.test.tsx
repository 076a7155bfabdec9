import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OptionsApi } from '../../../components/options/api';
import { OptionsApp } from '../../../components/options/OptionsApp';
import { DEFAULT_THRESHOLDS } from '../../../utils/attendance/thresholds';
import { defaultSettings, repairSettings, type Settings } from '../../../utils/settings/schema';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
// Effects run after paint; poll rather than guess how many ticks that takes.
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

interface Fake extends OptionsApi {
  calls: string[];
  stored: Settings;
  grant: boolean;
}

function fakeApi(stored: unknown = defaultSettings()): Fake {
  const fake: Fake = {
    calls: [],
    stored: repairSettings(stored).settings,
    grant: true,
    async loadSettings() {
      return repairSettings(stored);
    },
    async saveSettings(settings) {
      fake.calls.push('save');
      fake.stored = settings;
      return settings;
    },
    async settingsChanged() {
      fake.calls.push('changed');
    },
    async requestOrigins(origins) {
      fake.calls.push(`request ${origins.join(' ')}`);
      return fake.grant;
    },
    async removeOrigins(origins) {
      fake.calls.push(`remove ${origins.join(' ')}`);
      return true;
    },
    async hasOrigins() {
      return true;
    },
    async storageEstimate() {
      return { usageBytes: 2048, quotaBytes: null, persisted: true, marks: 760, pupils: 2 };
    },
    async wipeAll(everything) {
      fake.calls.push(`wipe ${everything}`);
    },
    async lastRegisterLabels() {
      return [
        { raw: 'Absent: Family', session: 'AM', code: '?', count: 2 },
        { raw: 'Present', session: 'AM', code: '/', count: 20 },
      ];
    },
    async siteMappings() {
      return [];
    },
    async removeSiteMappings(siteId) {
      fake.calls.push(`forget ${siteId}`);
    },
  };
  return fake;
}

describe('the options page', () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.replaceChildren(root);
  });
  afterEach(() => render(null, root));

  async function open(api: Fake) {
    render(<OptionsApp api={api} today="2026-01-21" />, root);
    for (let i = 0; i < 3; i++) await flush();
  }
  const button = (text: string) =>
    [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)!;
  async function type(selector: string, value: string, event = 'input') {
    const input = root.querySelector<HTMLInputElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event(event, { bubbles: true }));
    await flush();
  }

  it('should say which stored settings were put back to their defaults', async () => {
    await open(
      fakeApi({ ...defaultSettings(), retention: 'forever', thresholds: { severePct: -3 } }),
    );
    expect(root.querySelector('[role="alert"]')!.textContent).toContain(
      'thresholds.severePct, retention',
    );
  });

  it('should ask the browser for the normalised site pattern, then save and tell the worker', async () => {
    const api = fakeApi();
    await open(api);
    await type('#site-input', 'https://mis.school.example/register?form=7A');
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await flush();
    expect(api.calls).toEqual(['request https://mis.school.example/*', 'save', 'changed']);
    expect(api.stored.sites).toEqual(['https://mis.school.example/*']);
    expect(root.textContent).toContain('Enabled https://mis.school.example/*');
  });

  it('should change nothing when the browser permission is refused', async () => {
    const api = fakeApi();
    api.grant = false;
    await open(api);
    await type('#site-input', 'mis.school.example');
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await flush();
    expect(api.calls).toEqual(['request https://mis.school.example/*']);
    expect(root.textContent).toContain('was not granted');
  });

  it('should refuse a pattern covering every site without asking the browser', async () => {
    const api = fakeApi();
    await open(api);
    await type('#site-input', '<all_urls>');
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await flush();
    expect(api.calls).toEqual([]);
    expect(root.querySelector('#site-error')!.textContent).toContain('every website');
  });

  it('should remove a site and give its permission back', async () => {
    const api = fakeApi({ ...defaultSettings(), sites: ['https://*.arbor.sc/*'] });
    await open(api);
    button('Remove https://*.arbor.sc/*').click();
    await flush();
    expect(api.calls).toEqual(['remove https://*.arbor.sc/*', 'save', 'changed']);
    expect(api.stored.sites).toEqual([]);
  });

  it('should save a changed threshold and put every threshold back on reset', async () => {
    const api = fakeApi();
    await open(api);
    await type('#threshold-persistentPct', '12', 'change');
    await flush();
    expect(api.stored.thresholds.persistentPct).toBe(12);
    button('Reset thresholds to defaults').click();
    await flush();
    expect(api.stored.thresholds).toEqual(DEFAULT_THRESHOLDS);
  });

  it('should not save a threshold out of range', async () => {
    const api = fakeApi();
    await open(api);
    await type('#threshold-severePct', '150', 'change');
    await flush();
    expect(api.calls).toEqual([]);
    expect(root.querySelector('#threshold-severePct-error')).not.toBeNull();
  });

  it('should preview the last register under the mapping being edited', async () => {
    const api = fakeApi({ ...defaultSettings(), markMappings: { 'absent: family': 'O' } });
    await open(api);
    const row = [...root.querySelectorAll('tr')].find((r) =>
      r.textContent?.startsWith('Absent: Family'),
    )!;
    expect(row.textContent).toContain('O (changed)');
  });

  it('should wipe only after the confirmation phrase is typed', async () => {
    const api = fakeApi();
    await open(api);
    const wipe = button('Wipe all data');
    expect(wipe.disabled).toBe(true);
    await type('#wipe-confirm', 'Delete all data');
    await flush();
    expect(wipe.disabled).toBe(false);
    wipe.closest('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await flush();
    await flush();
    expect(api.calls).toEqual(['wipe false']);
    expect(root.textContent).toContain('All pupil data was wiped.');
  });

  it('should show how much is stored', async () => {
    await open(fakeApi());
    await until(() => root.textContent!.includes('pupils and'));
    expect(root.textContent).toContain('2 pupils and 760 attendance marks stored, using 2.0 KB.');
  });
});
