import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/panel/App';
import { createPanelState } from '../../../components/panel/state';
import type { AskedLabel } from '../../../utils/registers/meaning';
import { click, fakeSource, mount, pupil, settle, text, TODAY, unmount } from './fixtures';

let container: HTMLElement | null = null;
afterEach(async () => {
  if (container) await unmount(container);
  container = null;
});

const asked = (raw: string, count: number, why: AskedLabel['why'] = 'unmapped'): AskedLabel => ({
  raw,
  count,
  why,
  current: null,
  suggestion: null,
  pageSays: null,
  date: TODAY,
});

function sourceWith(needsMapping: AskedLabel[]) {
  const source = fakeSource({ register: [pupil('p1', 'Ada Able', 100, 2)] });
  const saved: unknown[] = [];
  source.currentRegister = async () => ({
    group: '7B',
    date: TODAY,
    session: 'AM',
    source: 'active-tab',
    siteId: 'https://mis.example',
    needsMapping,
  });
  source.saveMarkMapping = async (siteId, entries) => void saved.push({ siteId, entries });
  return { source, saved };
}

describe('the register view’s "marks need a mapping" notice', () => {
  it('should say how many marks need a mapping and name their labels', async () => {
    const { source } = sourceWith([
      asked('Off site', 3),
      asked('Absent: Family', 2, 'needs-mapping'),
    ]);
    container = await mount(<App source={source} state={createPanelState()} />);
    const notice = container.querySelector('.rl-mapping-needed')!;
    expect(text(notice.querySelector('h3')!)).toBe('⚠ 5 marks need a mapping');
    expect(text(notice)).toContain('“Off site”, “Absent: Family”');
  });

  it('should say nothing when every mark is mapped', async () => {
    const { source } = sourceWith([]);
    container = await mount(<App source={source} state={createPanelState()} />);
    expect(container.querySelector('.rl-mapping-needed')).toBeNull();
  });

  it('should open the "what does this mean?" list in one click and save the answers for the site', async () => {
    const { source, saved } = sourceWith([
      asked('Off site', 3),
      asked('Absent: Family', 2, 'needs-mapping'),
    ]);
    const state = createPanelState();
    container = await mount(<App source={source} state={state} />);
    const open = [...container.querySelectorAll('.rl-mapping-needed button')].find(
      (b) => text(b) === 'What do they mean?',
    )!;

    await click(open);

    expect(open.getAttribute('aria-expanded')).toBe('true');
    const selects = container.querySelectorAll<HTMLSelectElement>('.rl-mapping-needed select');
    expect(selects).toHaveLength(2);
    await act(async () => {
      selects[0]!.value = 'B';
      selects[0]!.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const save = [...container.querySelectorAll('.rl-mapping-needed button')].find(
      (b) => text(b) === 'Save mappings',
    )!;
    await click(save);
    await settle();

    expect(saved).toEqual([
      {
        siteId: 'https://mis.example',
        // The absence counted as N stays so until its reason is answered.
        entries: [{ raw: 'Off site', code: 'B' }],
      },
    ]);
    expect(container.querySelector('.rl-mapping-needed')).toBeNull();
    expect(state.announcement.value).toContain('Mappings saved');
  });
});
