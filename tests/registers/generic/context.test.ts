import { describe, expect, it } from 'vitest';
import { contextItems, pageContext } from '../../../utils/registers/context';
import { one, page } from './dom';

describe("the register's own title", () => {
  it.each([
    [
      'a table caption',
      '<table id="r"><caption>Wednesday, 4 March 2026, 8:40 AM (Morning registration)</caption><tr><td>x</td></tr></table>',
    ],
    [
      'an aria-label',
      '<div role="grid" id="r" aria-label="Register for 4 March 2026"><div role="row"></div></div>',
    ],
    [
      'an aria-labelledby heading elsewhere',
      '<h3 id="t">4 March 2026</h3><div>other 5 March 2026</div><section><table id="r" aria-labelledby="t"><tr><td>x</td></tr></table></section>',
    ],
  ])('should date the register from %s before anything around it', (_what, html) => {
    const doc = page(`<p>Last week: 25 February 2026.</p><div>${html}</div>`);
    const container = one(doc, '#r');

    const ctx = pageContext(contextItems(container, doc), 'https://mis.example/', container);

    expect(ctx.date).toBe('2026-03-04');
  });

  it("should not take a caption naming the week shown for the register's own day", () => {
    const doc = page(
      '<p>You are taking the AM register for Wednesday 21 January 2026.</p><table id="r"><caption>9R week beginning 19 January 2026</caption><tr><td>x</td></tr></table>',
    );
    const container = one(doc, '#r');

    const ctx = pageContext(contextItems(container, doc), 'https://mis.example/', container);

    expect(ctx.date).toBe('2026-01-21');
  });
});

describe('the group a heading names', () => {
  it.each([
    ['7B Registration/2026-03-04', '7B'],
    ['Take Register - 10A', '10A'],
    ['Registration/2026-03-04', null],
  ])('should read "%s" as group %s', (heading, want) => {
    const doc = page(`<h1>${heading}</h1><table id="r"><tr><td>x</td></tr></table>`);
    const container = one(doc, '#r');

    const ctx = pageContext(contextItems(container, doc), 'https://mis.example/', container);

    expect(ctx.group).toBe(want);
  });
});
