import { describe, expect, it } from 'vitest';
import { readGeneric } from '../../../utils/registers/generic';
import { page } from './dom';

const table = (rows: string) =>
  page(
    `<h1>Register 7B</h1><table><thead><tr><th>Name</th><th>Mon 19/01/2026 AM</th></tr></thead><tbody>${rows}</tbody></table>`,
  );

describe('marks and their meaning', () => {
  it('should read a code letter under a dated column header', () => {
    const r = readGeneric(
      table('<tr><td>Ada Lovelace</td><td>N</td></tr><tr><td>Alan Turing</td><td>/</td></tr>'),
      'https://mis.example/',
    );
    expect(r.ok && r.reading.pupils.map((p) => p.marks[0]?.code)).toEqual(['N', '/']);
  });

  it.each([
    ['a tick box', '<input type="checkbox" name="here" checked>', true],
    ['a disabled tick box', '<input type="checkbox" name="here" checked disabled>', false],
    ['nothing to tick', '', false],
  ])(
    'should read the word on a tile that labels %s as editable only when it can be ticked',
    (_what, box, editable) => {
      const tile = (name: string) =>
        `<label class="tile">${box}<span>${name}</span><span>Present</span></label>`;
      const r = readGeneric(
        page(
          `<h1>Registration: 11 Fir</h1><p>Friday 20 March 2026 AM</p><form>${tile('Efe Adeyemi')}${tile('Freya Lindqvist')}</form>`,
        ),
        'https://mis.example/',
      );
      expect(r.ok && r.reading.pupils.map((p) => [p.marks[0]?.raw, p.marks[0]?.editable])).toEqual([
        ['Present', editable],
        ['Present', editable],
      ]);
    },
  );

  it('should read a select as an editable mark with its chosen option', () => {
    const sel = (v: string) =>
      `<select><option value="">-</option><option value="/" ${v === '/' ? 'selected' : ''}>/ Present</option><option value="N" ${v === 'N' ? 'selected' : ''}>N No reason</option></select>`;
    const r = readGeneric(
      table(
        `<tr><td>Ada Lovelace</td><td>${sel('N')}</td></tr><tr><td>Alan Turing</td><td>${sel('/')}</td></tr>`,
      ),
      'https://mis.example/',
    );
    expect(r.ok && r.reading.pupils.map((p) => [p.marks[0]?.code, p.marks[0]?.editable])).toEqual([
      ['N', true],
      ['/', true],
    ]);
  });

  it.each([
    [
      'its datalist',
      '<datalist id="codes"><option value="P" label="Present"></option><option value="T" label="Tardy"></option></datalist>',
    ],
    ['a key beside it', '<div><b>Key:</b> <span>P = Present</span> <span>T = Tardy</span></div>'],
  ])("should read a typed code box's letter by the page's word from %s", (_what, key) => {
    const box = (v: string) => `<input type="text" maxlength="1" list="codes" value="${v}">`;
    const doc = page(
      `<h1>Register 7B</h1><p>Mon 19/01/2026 AM</p>${key}<table><thead><tr><th>Name</th><th>Code</th></tr></thead><tbody><tr><td>Ada Lovelace</td><td>${box('P')}</td></tr><tr><td>Alan Turing</td><td>${box('T')}</td></tr></tbody></table>`,
    );

    const r = readGeneric(doc, 'https://mis.example/');

    expect(r.ok && r.reading.pupils.map((p) => p.marks[0]?.code)).toEqual(['/', 'L']);
  });
});
