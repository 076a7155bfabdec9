import { beforeEach, describe, expect, it } from 'vitest';
import { locateNames } from '../../../components/overlay/locate';

function page(html: string): Document {
  document.body.replaceChildren();
  // Test-owned markup, not page text: parsed as a document, then moved in.
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.body.append(...parsed.body.childNodes);
  return document;
}

describe('locateNames', () => {
  beforeEach(() => document.body.replaceChildren());

  it('should find the cell that shows each name, even split over elements', () => {
    const doc = page(`<table><tbody>
      <tr><td id="a"><b>Abara</b>, Chidinma</td><td><select><option>Abara, Chidinma</option></select></td></tr>
      <tr><td id="b">Ahmed,   Zayan</td></tr></tbody></table>`);
    const found = locateNames(doc, [
      { key: '1', name: 'Abara, Chidinma' },
      { key: '2', name: 'Ahmed, Zayan' },
    ]);
    expect([found.get('1')?.id, found.get('2')?.id]).toEqual(['a', 'b']);
  });

  it('should keep two pupils with the same name on their own rows', () => {
    const doc = page(
      `<ul><li><span id="x">Sam Lee</span></li><li><span id="y">Sam Lee</span></li></ul>`,
    );
    const found = locateNames(doc, [
      { key: '1', name: 'Sam Lee' },
      { key: '2', name: 'Sam Lee' },
    ]);
    expect([found.get('1')?.id, found.get('2')?.id]).toEqual(['x', 'y']);
  });

  it('should skip hidden template rows and our own overlay', () => {
    const doc = page(`<div hidden><span>Jo Bloggs</span></div>
      <register-lens-overlay><span>Jo Bloggs</span></register-lens-overlay>
      <p><span id="real">Jo Bloggs</span></p>`);
    const exclude = doc.querySelector('register-lens-overlay');
    const found = locateNames(doc, [{ key: '1', name: 'Jo Bloggs' }], { exclude });
    expect(found.get('1')?.id).toBe('real');
  });

  it('should answer null for a name that is not on the page', () => {
    const found = locateNames(page('<p>Someone Else</p>'), [{ key: '1', name: 'Jo Bloggs' }]);
    expect(found.get('1')).toBeNull();
  });

  it('should find a name the page shows only inside a heading, between word boundaries', () => {
    const doc = page(`<h2 id="h">Attendance History for Beau Horton</h2>
      <p id="p">Beau Hortonson</p>`);
    const found = locateNames(doc, [{ key: '1', name: 'Beau Horton' }]);
    expect(found.get('1')?.id).toBe('h');
  });

  it('should take a select whose chosen option names the pupil', () => {
    const doc = page(`<select id="who"><option>Blackwell, Amber (07.1, 925)</option>
      <option selected>Blackwell, Cara (10.1, 1617)</option></select>`);
    const found = locateNames(doc, [{ key: '1', name: 'Blackwell, Cara' }]);
    expect(found.get('1')?.id).toBe('who');
  });

  it('should not take a name that is only part of a longer word', () => {
    const found = locateNames(page('<p>Jo Bloggsworth</p>'), [{ key: '1', name: 'Jo Bloggs' }]);
    expect(found.get('1')).toBeNull();
  });

  it('should take the surname cell of the row that also holds the forename for a split name', () => {
    const doc = page(`<table><tr><th>Surname</th><th>Forename</th></tr>
      <tr><td id="a">Adams</td><td>Ruth</td></tr><tr><td id="b">Adams</td><td>Grace</td></tr></table>`);
    const found = locateNames(doc, [{ key: '1', name: 'Adams, Grace' }]);
    expect(found.get('1')?.id).toBe('b');
  });

  it('should find a name the reader took without the nickname the page shows', () => {
    const doc = page(`<table><tr><td id="a">Alexander "Alex" Smith</td></tr></table>`);
    const found = locateNames(doc, [{ key: '1', name: 'Alexander Smith' }]);
    expect(found.get('1')?.id).toBe('a');
  });
});
