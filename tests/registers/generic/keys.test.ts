import { describe, expect, it } from 'vitest';
import { pupilKey } from '../../../utils/registers/generic/keys';
import { one, page } from './dom';

describe('pupil keys', () => {
  it.each([
    [
      'a data-student-id attribute',
      '<tr data-student-id="S42"><td><span>Ada Lovelace</span></td></tr>',
      'id:S42',
    ],
    [
      'a profile link',
      '<tr><td><a href="/pupils/1234"><span>Ada Lovelace</span></a></td></tr>',
      'id:1234',
    ],
    ['nothing but the name', '<tr><td><span>Ada Lovelace</span></td></tr>', 'name:7B:ada lovelace'],
  ])('should key a row by %s', (_, html, key) => {
    const doc = page(`<table>${html}</table>`);
    expect(pupilKey(one(doc, 'tr'), one(doc, 'span'), 'Ada Lovelace', '7B')).toBe(key);
  });
});
