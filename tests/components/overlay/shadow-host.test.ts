import { afterEach, describe, expect, it } from 'vitest';
import { createShadowHost, mountShadowHost } from '../../../components/overlay/shadow-host';

const misPage = () => {
  const main = document.createElement('main');
  main.id = 'mis';
  document.body.replaceChildren(main);
  return main;
};

afterEach(() => {
  document.body.replaceChildren();
});

describe('the overlay host', () => {
  it('should add one open shadow root at the end of the body, holding our styles and a container', () => {
    misPage();

    const ui = mountShadowHost(document, 'register-lens-overlay', '.rl-bar { color: red }');

    expect(document.body.lastElementChild).toBe(ui.host);
    expect(ui.host.tagName.toLowerCase()).toBe('register-lens-overlay');
    expect(ui.host.shadowRoot).toBe(ui.shadow);
    expect(ui.container.parentNode).toBe(ui.shadow);
    expect(ui.shadow.querySelector('style')?.textContent).toContain('.rl-bar { color: red }');
  });

  it('should put nothing in the page until it is attached, and attach only once', () => {
    const main = misPage();

    const ui = createShadowHost(document, 'register-lens-overlay', '');
    expect([...document.body.children]).toEqual([main]);
    ui.attach();
    ui.attach();

    expect([...document.body.children]).toEqual([main, ui.host]);
  });

  it("should reset what the page's styles would pass on through inheritance", () => {
    const ui = mountShadowHost(document, 'register-lens-overlay', '');

    expect(ui.shadow.querySelector('style')?.textContent).toMatch(/:host\s*\{\s*all:\s*initial/);
  });

  it('should leave nothing of ours in the page once removed, however often it is removed', () => {
    const main = misPage();
    const ui = mountShadowHost(document, 'register-lens-overlay', '');
    ui.container.append(document.createElement('p'));

    ui.remove();
    ui.remove();

    expect([...document.body.children]).toEqual([main]);
    expect(ui.container.childElementCount).toBe(0);
  });
});
