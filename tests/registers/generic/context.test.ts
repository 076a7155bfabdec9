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
    ['Register 7 Maple', '7 Maple'],
    ['Registration for 10C', '10C'],
    ["11W: today's attendance", '11W'],
    ['Attendance 9K', '9K'],
    ['Attendance for 9 Kestrel', '9 Kestrel'],
    ['Take register: 8R2 (PM)', '8R2'],
    ['Register – 4M – Wednesday 25th March 2026 – Morning', '4M'],
    ['Attendance – 25th March 2026 – Morning', null],
  ])('should read "%s" as group %s', (heading, want) => {
    const doc = page(`<h1>${heading}</h1><table id="r"><tr><td>x</td></tr></table>`);
    const container = one(doc, '#r');

    const ctx = pageContext(contextItems(container, doc), 'https://mis.example/', container);

    expect(ctx.group).toBe(want);
  });
});

describe('what the page states outside any element of its own', () => {
  it.each([
    [
      'a label just before it',
      '<div><label>Date</label><input type="text" value="27-03-2026"></div>',
      '2026-03-27',
    ],
    [
      'a label for another field',
      '<div><label for="x">Date</label><input type="text" value="27-03-2026"></div>',
      null,
    ],
  ])("should date the register from a text box's date with %s", (_what, field, date) => {
    const doc = page(`<form>${field}<table id="r"><tr><td>x</td></tr></table></form>`);
    const container = one(doc, '#r');

    const ctx = pageContext(contextItems(container, doc), 'https://mis.example/', container);

    expect(ctx.date).toBe(date);
  });

  it('should date the register from a sentence straight in the form', () => {
    const doc = page(
      '<form>Attendance for PRJ301 at slot 1 on 2026-03-18 at room BE-203.<table id="r"><tr><td>x</td></tr></table></form>',
    );
    const container = one(doc, '#r');

    const ctx = pageContext(contextItems(container, doc), 'https://mis.example/', container);

    expect(ctx.date).toBe('2026-03-18');
  });

  it.each([
    [
      'a text box labelled "Date"',
      '<label for="d">Date</label><input id="d" type="text" value="12/03/2026">',
      '2026-03-12',
    ],
    [
      'a text box whose placeholder is the date format',
      '<input type="text" placeholder="DD/MM/YYYY" value="12/03/2026">',
      '2026-03-12',
    ],
    [
      'a text box for anything else',
      '<label for="n">Search</label><input id="n" type="text" value="12/03/2026">',
      null,
    ],
  ])('should date the register from %s only when it says it is a date', (_what, field, want) => {
    const doc = page(`<div>${field}</div><table id="r"><tr><td>x</td></tr></table>`);
    const container = one(doc, '#r');

    const ctx = pageContext(contextItems(container, doc), 'https://mis.example/', container);

    expect(ctx.date).toBe(want);
  });

  it("should read the group from a scripted select's chosen option", () => {
    const doc = page(
      '<label id="cl">Class</label><div role="combobox" aria-haspopup="listbox" aria-labelledby="cl cs" id="cs">9R</div><table id="r"><tr><td>x</td></tr></table>',
    );
    const container = one(doc, '#r');

    const ctx = pageContext(contextItems(container, doc), 'https://mis.example/', container);

    expect(ctx.group).toBe('9R');
  });

  it.each([
    ['Class 9B · Period 1 · Monday, 16 March 2026', '9B'],
    ['Class teacher: Mr Hall', null],
    ['Form tutor 10 minutes late', null],
  ])('should read a line "%s" as group %s', (line, want) => {
    const doc = page(`<p>${line}</p><table id="r"><tr><td>x</td></tr></table>`);
    const container = one(doc, '#r');

    const ctx = pageContext(contextItems(container, doc), 'https://mis.example/', container);

    expect(ctx.group).toBe(want);
  });
});
