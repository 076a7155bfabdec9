import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportDialog } from '../../../components/panel/ImportDialog';

describe('the side panel import dialog', () => {
  let root: HTMLElement;
  beforeEach(async () => {
    root = document.createElement('div');
    document.body.append(root);
    await act(() => {
      render(<ImportDialog>{() => <p class="wizard">The wizard</p>}</ImportDialog>, root);
    });
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  const opener = () =>
    [...root.querySelectorAll('button')].find((b) => b.textContent === 'Import history')!;

  it('should render the wizard only once the user asks for it', async () => {
    expect(root.querySelector('.wizard')).toBeNull();

    await act(() => opener().click());

    expect(root.querySelector('dialog')?.open).toBe(true);
    expect(root.querySelector('.wizard')?.textContent).toBe('The wizard');
    expect(opener().getAttribute('aria-expanded')).toBe('true');
  });

  it('should close, drop the wizard and give focus back to the button', async () => {
    await act(() => opener().click());

    await act(() =>
      [...root.querySelectorAll<HTMLButtonElement>('dialog button')]
        .find((b) => b.textContent === 'Close')!
        .click(),
    );

    expect(root.querySelector('dialog')?.open).toBe(false);
    expect(root.querySelector('.wizard')).toBeNull();
    expect(document.activeElement).toBe(opener());
  });
});
