import { describe, expect, it } from 'vitest';
import { readGeneric } from '../../../utils/registers/generic';
import { page } from './dom';

const HEAD =
  '<thead><tr><th colspan="2">Mon 09/03/2026</th></tr><tr><th>AM</th><th>PM</th></tr></thead>';

/** A names table beside a marks table, as a frozen-pane grid draws them. */
const panes = (names: string, marks: string) =>
  page(
    `<h1>Marks grid 7K</h1><div class="panes"><div><table><thead><tr><th>Pupil</th></tr></thead><tbody>${names}</tbody></table></div><div><table>${HEAD}<tbody>${marks}</tbody></table></div></div>`,
  );

const codes = (doc: Document) => {
  const r = readGeneric(doc, 'https://mis.example/');
  return r.ok ? r.reading.pupils.map((p) => [p.name, p.marks.map((m) => m.code).join('')]) : r;
};

describe('frozen panes: names in one table, marks in the table beside it', () => {
  it('should read each pupil the marks of the row in the same place', () => {
    const doc = panes(
      '<tr><td>Ada Lovelace</td></tr><tr><td>Alan Turing</td></tr>',
      '<tr><td>/</td><td>\\</td></tr><tr><td>N</td><td>I</td></tr>',
    );

    expect(codes(doc)).toEqual([
      ['Ada Lovelace', '/\\'],
      ['Alan Turing', 'NI'],
    ]);
  });

  it('should read rows whose ids agree, and nothing from panes whose ids at one place differ', () => {
    const names =
      '<tr data-row-id="r1"><td>Ada Lovelace</td></tr><tr data-row-id="r2"><td>Alan Turing</td></tr>';
    const agree = panes(
      names,
      '<tr data-row-id="r1"><td>/</td><td>\\</td></tr><tr data-row-id="r2"><td>N</td><td>I</td></tr>',
    );
    const differ = panes(
      names,
      '<tr data-row-id="r2"><td>N</td><td>I</td></tr><tr data-row-id="r1"><td>/</td><td>\\</td></tr>',
    );

    expect(codes(agree)).toEqual([
      ['Ada Lovelace', '/\\'],
      ['Alan Turing', 'NI'],
    ]);
    expect(readGeneric(differ, 'https://mis.example/').ok).toBe(false);
  });

  it.each([
    [
      'the tables hold different numbers of rows',
      '<tr><td>Ada Lovelace</td></tr><tr><td>Alan Turing</td></tr>',
      '<tr><td>/</td><td>\\</td></tr>',
    ],
    [
      'the row ids at one place differ',
      '<tr id="p1"><td>Ada Lovelace</td></tr><tr id="p2"><td>Alan Turing</td></tr>',
      '<tr id="m1"><td>/</td><td>\\</td></tr><tr id="m3"><td>N</td><td>I</td></tr>',
    ],
  ])('should read no register when %s', (_what, names, marks) => {
    const r = readGeneric(panes(names, marks), 'https://mis.example/');

    expect(r.ok).toBe(false);
  });

  it("should keep a names table's own controls rather than a dated table beside it", () => {
    const sel = (v: string) =>
      `<td><select><option>Present</option><option${v === 'Late' ? ' selected' : ''}>Late</option></select></td>`;
    const doc = page(
      `<h1>Register 7K, Mon 09/03/2026 AM</h1><div><div><table><thead><tr><th>Pupil</th><th>Mark</th></tr></thead><tbody><tr><td>Ada Lovelace</td>${sel('Present')}</tr><tr><td>Alan Turing</td>${sel('Late')}</tr></tbody></table></div><div><table>${HEAD}<tbody><tr><td>N</td><td>N</td></tr><tr><td>N</td><td>N</td></tr></tbody></table></div></div>`,
    );

    expect(codes(doc)).toEqual([
      ['Ada Lovelace', '/'],
      ['Alan Turing', 'L'],
    ]);
  });
});
