import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createStoreSource } from '../../../components/panel/data';
import { failure, type RegisterSummary, type ReplyOf } from '../../../utils/messaging/protocol';
import { applyReading } from '../../../utils/store';
import { AT, freshStore, mark, reading, URL_A } from '../../store/helpers';

const summary: RegisterSummary = {
  tabId: 3,
  siteId: 'https://mis.school.example',
  url: URL_A,
  adapter: 'test',
  group: '7B',
  date: '2026-03-02',
  session: 'AM',
  pupilIds: ['https://mis.school.example|bea', 'https://mis.school.example|ada'],
  at: AT,
};

const source = (reply: ReplyOf<'panel:open-register'>) =>
  createStoreSource({ openRegister: async () => reply, onDataChanged: () => () => {} });
const openRegister = async () => ({
  ok: true as const,
  register: summary as RegisterSummary | null,
  source: 'active-tab' as 'active-tab' | 'latest' | null,
});

describe('the panel register source', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    freshStore();
    await applyReading({
      reading: reading([
        { key: 'ada', name: 'Ada', marks: [mark('2026-03-02', '/')] },
        { key: 'bea', name: 'Bea', marks: [mark('2026-03-02', 'N')] },
      ]),
      url: URL_A,
      saved: true,
      at: AT,
    });
  });

  it('should show the register the worker read in the active tab, its pupils in page order', async () => {
    const panel = source(await openRegister());

    const register = await panel.currentRegister();
    const pupils = await panel.registerPupils(register!);

    expect(register).toMatchObject({ source: 'active-tab', group: '7B', date: '2026-03-02' });
    expect(pupils.map((p) => p.name)).toEqual(['Bea', 'Ada']);
  });

  it('should fall back to the register read most recently when the worker cannot say', async () => {
    const panel = source(failure('No answer from the background.', true));

    const register = await panel.currentRegister();

    expect(register).toMatchObject({ source: 'latest', group: '7B', siteId: summary.siteId });
  });

  it('should show no register when nothing was ever read', async () => {
    freshStore();
    const panel = source({ ok: true, register: null, source: null });

    expect(await panel.currentRegister()).toBeNull();
  });
});
