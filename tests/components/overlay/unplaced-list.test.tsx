import { signal } from '@preact/signals';
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Corner, DockPlace } from '../../../components/overlay/dock';
import { badgeModel, type BadgeInput } from '../../../components/overlay/model';
import {
  Overlay,
  type BadgePosition,
  type OverlayActions,
  type OverlayStatus,
} from '../../../components/overlay/Overlay';
import { figures } from './fixtures';

// Signals re-render on the next tick.
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const input = (name: string, over: Partial<BadgeInput> = {}): BadgeInput => ({
  key: `k:${name}`,
  name,
  figures: figures(),
  flags: [],
  ...over,
});

const AT: BadgePosition = { top: 10, left: 10, compact: false, height: 16 };

describe("the bar's list of pupils whose badge has no room", () => {
  let container: HTMLElement;
  let collapses: boolean[];

  beforeEach(() => {
    document.body.replaceChildren();
    container = document.createElement('div');
    document.body.append(container);
    collapses = [];
  });
  afterEach(() => render(null, container));

  function draw(
    inputs: BadgeInput[],
    placed: string[],
    opts: { privacy?: boolean; collapsed?: boolean } = {},
  ) {
    const collapsed = signal(opts.collapsed ?? false);
    const actions: OverlayActions = {
      onToggleEnabled() {},
      onTogglePrivacy() {},
      onMove() {},
      onCollapse(value) {
        collapses.push(value);
        collapsed.value = value;
      },
    };
    const models = inputs.map((i) => badgeModel(i));
    render(
      <Overlay
        state={{
          models: signal(models),
          positions: signal(new Map(placed.map((name) => [`k:${name}`, AT]))),
          enabled: signal(true),
          privacy: signal(opts.privacy ?? false),
          status: signal<OverlayStatus>('ready'),
          message: signal(null),
          unplaced: signal(inputs.length - placed.length),
          corner: signal<Corner>('bottom-right'),
          collapsed,
          dock: signal<DockPlace | null>({ left: 8, top: 8, squeezed: false }),
        }}
        actions={actions}
      />,
      container,
    );
  }

  const button = (text: string) =>
    [...container.querySelectorAll('button')].find((b) => b.textContent === text) ?? null;

  it('should offer no list when every pupil has a badge beside their name', () => {
    draw([input('Ada Example'), input('Bo Example')], ['Ada Example', 'Bo Example']);

    expect(button('Show the list')).toBeNull();
    expect(container.querySelector('.rl-unplaced')).toBeNull();
  });

  it('should list the pupils without room in page order, each named, its band in words and its figures described', async () => {
    draw(
      [
        input('Ada Example'),
        input('Bo Example', { figures: figures({ band: 'severe' }) }),
        input('Cy Example'),
        input('Di Example', { figures: figures({ band: 'none' }) }),
      ],
      ['Cy Example'],
    );

    button('Show the list')!.click();
    await flush();

    const items = [...container.querySelectorAll('.rl-unplaced li')];
    expect(items.map((li) => li.querySelector('.rl-unplaced-name')!.textContent)).toEqual([
      'Ada Example',
      'Bo Example',
      'Di Example',
    ]);
    const badge = items[1]!.querySelector<HTMLElement>('.rl-badge')!;
    expect(badge.getAttribute('role')).toBe('img');
    expect(badge.tabIndex).toBe(0);
    expect(badge.getAttribute('aria-label')).toBe('Bo Example: Severe');
    expect(badge.querySelector('.rl-band')!.textContent).toBe('Severe');
    const tip = container.querySelector(`#${badge.getAttribute('aria-describedby')}`)!;
    expect(tip.textContent).toContain('Absent 12 of 100 sessions');
  });

  it('should keep the bar where it is when the list is opened, and say so to a screen reader', async () => {
    draw([input('Ada Example'), input('Bo Example')], ['Bo Example']);
    const show = button('Show the list')!;
    expect(show.getAttribute('aria-expanded')).toBe('false');

    show.click();
    await flush();

    expect(collapses).toEqual([false]);
    const hide = button('Hide the list')!;
    expect(hide.getAttribute('aria-expanded')).toBe('true');
    expect(hide.getAttribute('aria-controls')).toBe('rl-unplaced');
    expect(container.querySelector('#rl-unplaced')).not.toBeNull();
  });

  it('should list no one under the privacy screen', () => {
    draw([input('Ada Example'), input('Bo Example')], ['Bo Example'], { privacy: true });

    expect(button('Show the list')).toBeNull();
    expect(container.textContent).not.toContain('Ada Example');
  });

  it('should keep the focus on the one RL button as the bar becomes a tab and back', async () => {
    draw([input('Ada Example')], ['Ada Example']);
    const rl = container.querySelector<HTMLButtonElement>('.rl-brand-button')!;
    rl.focus();

    rl.click();
    await flush();
    const tab = container.querySelector<HTMLButtonElement>('.rl-tab .rl-brand-button')!;
    expect(tab).toBe(rl);
    expect(tab.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(tab);
    tab.click();
    await flush();

    expect(collapses).toEqual([true, false]);
    expect(container.querySelector('.rl-tab')).toBeNull();
    expect(document.activeElement).toBe(rl);
  });
});
