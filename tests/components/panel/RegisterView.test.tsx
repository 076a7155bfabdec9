import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/panel/App';
import { createPanelState } from '../../../components/panel/state';
import { click, fakeSource, mount, pupil, text, unmount } from './fixtures';

let container: HTMLElement | null = null;
afterEach(async () => {
  if (container) await unmount(container);
  container = null;
});

const pupils = () => [
  pupil('p1', 'Ada Able', 100, 2),
  pupil('p2', 'Ben Brook', 100, 55),
  pupil('p3', 'Cara Cole', 100, 12),
  pupil('p4', 'Dan Dale', 100, 7),
];

describe('the register view', () => {
  it('should list the pupils of the open register most concerning first', async () => {
    container = await mount(
      <App source={fakeSource({ register: pupils() })} state={createPanelState()} />,
    );
    const names = [...container.querySelectorAll('.rl-card__name')].map(text);
    expect(names).toEqual(['Ben Brook', 'Cara Cole', 'Dan Dale', 'Ada Able']);
  });

  it('should show figures as counts beside percentages with the band in words', async () => {
    container = await mount(
      <App source={fakeSource({ register: pupils() })} state={createPanelState()} />,
    );
    const card = container.querySelector('[data-pupil-id="p3"]')!;
    expect(text(card)).toContain('12 of 100 sessions missed (12.0%)');
    expect(text(card)).toContain('Persistent absence');
    expect(text(card)).toContain('21 present sessions to get back under 10%');
  });

  it('should show counts and no band word for a pupil on too few sessions', async () => {
    const few = [pupil('p9', 'Eve Early', 12, 3, { flags: [] })];
    few[0]!.figures.band = 'persistent';
    container = await mount(
      <App source={fakeSource({ register: few })} state={createPanelState()} />,
    );
    const card = text(container.querySelector('[data-pupil-id="p9"]')!);
    expect(card).toContain('3 absent of 12 sessions · too early to tell');
    expect(card).not.toContain('Persistent');
    expect(text(container)).toContain(
      'Figures rest on 12 sessions a pupil; a band needs at least 20.',
    );
  });

  it('should offer the import once when the pupils have little stored history', async () => {
    const few = [pupil('p9', 'Eve Early', 6, 1), pupil('p8', 'Fin Few', 6, 0)];
    const storage = new Map<string, string>();
    const store = {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
    } as unknown as Storage;
    const show = () =>
      mount(
        <App
          source={fakeSource({ register: few })}
          state={createPanelState()}
          storage={store}
          renderImport={() => <p>wizard</p>}
        />,
      );
    container = await show();
    const offer = () => container!.querySelector('[aria-label="Little stored history"]');
    expect(text(offer()!)).toContain('Every pupil on this register has fewer than 20 sessions');
    const notNow = [...offer()!.querySelectorAll('button')].find((b) => text(b) === 'Not now');
    await click(notNow);
    expect(offer()).toBeNull();
    await unmount(container);
    container = await show();
    expect(offer()).toBeNull();
  });

  it('should not offer the import when the pupils have enough history', async () => {
    container = await mount(
      <App
        source={fakeSource({ register: pupils() })}
        state={createPanelState()}
        renderImport={() => <p>wizard</p>}
      />,
    );
    expect(container.querySelector('[aria-label="Little stored history"]')).toBeNull();
  });

  it('should hide every name behind a pseudonym under the privacy screen', async () => {
    const state = createPanelState();
    state.privacy.value = true;
    const source = fakeSource({ register: pupils() });
    source.loadPrefs = async () => ({ privacyScreen: true, overlayEnabled: true });
    container = await mount(<App source={source} state={state} />);
    const all = text(container);
    for (const name of ['Ada Able', 'Ben Brook', 'Cara Cole', 'Dan Dale'])
      expect(all).not.toContain(name);
    expect([...container.querySelectorAll('.rl-card__name')].map(text)).toEqual([
      'Pupil 1',
      'Pupil 2',
      'Pupil 3',
      'Pupil 4',
    ]);
  });

  it('should render a name containing markup as text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    container = await mount(
      <App
        source={fakeSource({ register: [pupil('p1', evil, 100, 12)] })}
        state={createPanelState()}
      />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(text(container.querySelector('.rl-card__name')!)).toBe(evil);
  });

  it('should record the top step as done with one click and open the note for it', async () => {
    const source = fakeSource({ register: pupils() });
    container = await mount(<App source={source} state={createPanelState()} />);
    const card = container.querySelector('[data-pupil-id="p2"]')!;
    await click([...card.querySelectorAll('button')].find((b) => b.textContent === 'Done'));
    expect(source.calls).toEqual([
      {
        method: 'saveNote',
        arg: expect.objectContaining({
          pupilId: 'p2',
          stepId: 'tutor-conversation',
          date: '2026-01-21',
        }),
      },
    ]);
    expect(card.querySelector('form textarea')).not.toBeNull();
  });

  it('should say what to do when no register has been read', async () => {
    container = await mount(
      <App source={fakeSource({ register: null })} state={createPanelState()} />,
    );
    expect(text(container)).toContain('Open a register in your MIS');
  });
});
