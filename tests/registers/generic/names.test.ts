import { describe, expect, it } from 'vitest';
import { findNames } from '../../../utils/registers/generic/names';
import { page } from './dom';

describe('finding pupil names', () => {
  it('should find each name once, in page order', () => {
    const doc = page('<ul><li>Ada Lovelace</li><li>Charles <b>BABBAGE</b></li></ul>');
    expect(findNames(doc).map((h) => h.name)).toEqual(['Ada Lovelace', 'Charles BABBAGE']);
  });

  it('should read a name split over inline elements as one name', () => {
    const doc = page('<table><tr><td><b>BABBAGE</b>, Charles</td></tr></table>');
    expect(findNames(doc).map((h) => h.name)).toEqual(['BABBAGE, Charles']);
  });

  it('should find a name in a row header but not in a header cell of the body', () => {
    const doc = page(
      '<table><tbody><tr><th>Pupil</th><th>AM</th></tr><tr><th scope="row">Ada Lovelace</th><td>/</td></tr><tr><th>Grace Hopper</th><td>/</td></tr></tbody></table>',
    );

    expect(findNames(doc).map((h) => h.name)).toEqual(['Ada Lovelace']);
  });

  it('should find the name a tick box is labelled with, past its roll number', () => {
    const doc = page(
      '<div><label><input type="checkbox" checked> 1 - Aisha Khan</label></div><div><label><input type="checkbox"> 12. Ben Hart</label></div><label>Ada Lovelace <select></select></label>',
    );

    expect(findNames(doc).map((h) => h.name)).toEqual(['Aisha Khan', 'Ben Hart']);
  });

  it.each([
    ['a hidden template', '<div hidden><span>Ada Lovelace</span></div>'],
    ['a column header', '<table><thead><tr><th>Ada Lovelace</th></tr></thead></table>'],
    ['an option of a select', '<select><option>Ada Lovelace</option></select>'],
    ['navigation', '<nav><a>Ada Lovelace</a></nav>'],
  ])('should not take a name inside %s', (_, html) => {
    expect(findNames(page(html))).toEqual([]);
  });
});

describe('a name with what the page adds to it', () => {
  it.each([
    ['Grace Adams (9K)', 'Grace Adams'],
    ['Charlotte Lee [SEN]', 'Charlotte Lee'],
    ['Alexander "Alex" Smith', 'Alexander Smith'],
    ['Ruby Hall ★', 'Ruby Hall'],
    ['ADAMS, Grace (9K) [PP]', 'ADAMS, Grace'],
  ])('should find "%s" as %s', (text, want) => {
    const doc = page(`<ul><li>${text}</li><li>Noah Wright</li></ul>`);

    expect(findNames(doc).map((h) => h.name)).toEqual([want, 'Noah Wright']);
  });

  it.each(['Total (30)', 'Present (12)', 'Week 3 (draft)'])(
    'should not find a name in "%s"',
    (text) => {
      expect(findNames(page(`<p>${text}</p>`))).toEqual([]);
    },
  );
});

describe('names inside the control that marks them', () => {
  it('should find a name on a tile the tutor taps, but not a button that is only a name', () => {
    const doc = page(
      '<button><span>Grace Adams</span><span>Present</span></button><button>Oliver Brown</button>',
    );

    expect(findNames(doc).map((h) => h.name)).toEqual(['Grace Adams']);
  });
});
