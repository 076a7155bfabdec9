import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { extensionOptionsApi } from '../../../components/options/api';
import { applyReading, db, useDatabase } from '../../../utils/store';

const SUMMARY = { pupils: ['https://mis.school.example|ada'] };

async function storedOutside() {
  return {
    local: Object.keys(await fakeBrowser.storage.local.get(null)).sort(),
    session: Object.keys(await fakeBrowser.storage.session.get(null)).sort(),
  };
}

describe('wiping from the options page', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    useDatabase(`rl-options-wipe-${Math.random().toString(36).slice(2)}`);
    await applyReading({
      reading: {
        adapter: 'test',
        group: '7B',
        date: '2026-03-02',
        session: 'AM',
        taken: true,
        pupils: [{ key: 'ada', name: 'Ada', marks: [] }],
        warnings: [],
      },
      url: 'https://mis.school.example/register',
      saved: true,
      at: '2026-03-02T08:45:00.000Z',
    });
    await fakeBrowser.storage.local.set({
      pseudonymSecret: 'c2VjcmV0',
      figuresBasis: '[]',
      demoToday: '2026-03-02',
    });
    await fakeBrowser.storage.session.set({
      'register:tab:7': SUMMARY,
      'register:tab:12': SUMMARY,
      'register:latest': SUMMARY,
    });
  });

  it.each([false, true])(
    'should remove the pseudonym secret, figures basis and register summaries (everything: %s)',
    async (everything) => {
      await extensionOptionsApi.wipeAll(everything);

      expect(await db().pupils.count()).toBe(0);
      expect(await storedOutside()).toEqual({ local: ['demoToday'], session: [] });
    },
  );
});
