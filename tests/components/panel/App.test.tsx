import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/panel/App';
import { createPanelState } from '../../../components/panel/state';
import { click, fakeSource, mount, pupil, settle, text, unmount } from './fixtures';

let container: HTMLElement | null = null;
afterEach(async () => {
  if (container) await unmount(container);
  container = null;
  document.documentElement.removeAttribute('data-theme');
});

const tabs = () => [...container!.querySelectorAll<HTMLElement>('[role="tab"]')];

describe('the side panel app', () => {
  it('should open on the register tab with one tab stop in the tab list', async () => {
    container = await mount(
      <App source={fakeSource({ register: [] })} state={createPanelState()} />,
    );
    expect(tabs().map((t) => [t.textContent, t.getAttribute('aria-selected'), t.tabIndex])).toEqual(
      [
        ['Register', 'true', 0],
        ['Queue', 'false', -1],
        ['Cohort', 'false', -1],
      ],
    );
    expect(container.querySelector('[role="tabpanel"]')?.getAttribute('aria-labelledby')).toBe(
      'rl-tab-register',
    );
  });

  it.each([
    ['ArrowRight', 'queue'],
    ['ArrowLeft', 'cohort'],
    ['End', 'cohort'],
  ])('should move between tabs with %s', async (key, expected) => {
    const state = createPanelState();
    container = await mount(<App source={fakeSource({ register: [] })} state={state} />);
    await act(async () => {
      tabs()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    });
    await settle();
    expect(state.tab.value).toBe(expected);
    expect(document.activeElement?.id).toBe(`rl-tab-${expected}`);
  });

  it('should save the privacy screen and announce it', async () => {
    const source = fakeSource({ register: [pupil('p1', 'Ada Able', 100, 12)] });
    container = await mount(<App source={source} state={createPanelState()} />);
    const toggle = [...container.querySelectorAll('button')].find(
      (b) => b.textContent === 'Privacy screen',
    )!;
    await click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(source.calls).toContainEqual({ method: 'savePrefs', arg: { privacyScreen: true } });
    expect(text(container.querySelector('[aria-live="polite"]')!)).toBe(
      'Privacy screen on: names are hidden.',
    );
    expect(text(container)).not.toContain('Ada Able');
  });

  it('should reload the view when stored data changes', async () => {
    const register = [pupil('p1', 'Ada Able', 100, 2)];
    const source = fakeSource({ register });
    container = await mount(<App source={source} state={createPanelState()} />);
    register.push(pupil('p2', 'Ben Brook', 100, 30));
    await act(async () => source.emit());
    await settle();
    expect(container.querySelectorAll('.rl-card')).toHaveLength(2);
  });

  it('should apply a theme chosen by hand to the page', async () => {
    const state = createPanelState();
    container = await mount(<App source={fakeSource({ register: [] })} state={state} />);
    const select = container.querySelector<HTMLSelectElement>('.rl-toolbar select')!;
    await act(async () => {
      select.value = 'dark';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
  });
});
