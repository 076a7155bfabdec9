import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/panel/App';
import { createPanelState } from '../../../components/panel/state';
import { click, fakeSource, mount, pupil, text, TODAY, unmount } from './fixtures';

let container: HTMLElement | null = null;
afterEach(async () => {
  if (container) await unmount(container);
  container = null;
});

const TEACH = 'Teach Register Lens the register in this tab';
const teachButton = (root: HTMLElement) =>
  [...root.querySelectorAll('button')].find((b) => text(b) === TEACH);

/** A source whose active tab holds what `where` says, and which records teach requests. */
function sourceFor(
  where: 'no register anywhere' | 'a register read elsewhere' | 'a register here',
) {
  const source = fakeSource({
    register: where === 'no register anywhere' ? null : [pupil('p1', 'Ada Able', 100, 2)],
  });
  if (where !== 'no register anywhere') {
    source.currentRegister = async () => ({
      group: '7B',
      date: TODAY,
      session: 'AM',
      source: where === 'a register here' ? 'active-tab' : 'latest',
    });
  }
  let asked = 0;
  let answer: { ok: true } | { ok: false; error: string } = { ok: true };
  source.startTeach = async () => {
    asked++;
    return answer;
  };
  return {
    source,
    asked: () => asked,
    answerWith: (next: typeof answer) => (answer = next),
  };
}

describe('teach mode offered from the side panel', () => {
  it.each(['no register anywhere', 'a register read elsewhere'] as const)(
    'should offer teach mode for the tab when it holds no register read (%s)',
    async (where) => {
      const { source } = sourceFor(where);

      container = await mount(<App source={source} state={createPanelState()} />);

      expect(teachButton(container)).toBeDefined();
    },
  );

  it('should not offer it over a register read in this tab', async () => {
    const { source } = sourceFor('a register here');

    container = await mount(<App source={source} state={createPanelState()} />);

    expect(teachButton(container)).toBeUndefined();
  });

  it('should ask the tab to open teach mode and say, for screen readers too, where it opened', async () => {
    const { source, asked } = sourceFor('no register anywhere');
    const state = createPanelState();
    container = await mount(<App source={source} state={state} />);

    await click(teachButton(container));

    expect(asked()).toBe(1);
    expect(state.announcement.value).toMatch(/^Teach mode is open on the page/);
    expect(text(container.querySelector('.rl-teach-offer')!)).toContain('Teach mode is open');
  });

  it('should say why when the tab could not open it', async () => {
    const { source, answerWith } = sourceFor('no register anywhere');
    answerWith({ ok: false, error: 'Register Lens is not reading the page in this tab.' });
    const state = createPanelState();
    container = await mount(<App source={source} state={state} />);

    await click(teachButton(container));

    expect(state.announcement.value).toBe(
      'Teach mode could not be opened. Register Lens is not reading the page in this tab.',
    );
  });
});
