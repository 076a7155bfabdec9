import { describe, expect, it } from 'vitest';
import { tableColumns } from '../../../utils/registers/generic/columns';
import { foreignLetters, selectMark, tickWord } from '../../../utils/registers/generic/controls';
import { NO_LEGEND } from '../../../utils/registers/generic/legend';
import { readRowMarks, type RowReadContext } from '../../../utils/registers/generic/marks';
import { scanRow } from '../../../utils/registers/generic/scan';
import { one, page } from './dom';

/** What a row is read against: the table's columns, no key, no mapping. */
const rowContext = (columns: RowReadContext['columns']): RowReadContext => ({
  columns,
  ref: null,
  map: {},
  labels: () => new Map(),
  selects: new Map(),
  owns: new Map(),
  legend: NO_LEGEND,
});

describe('mark controls', () => {
  it('should take a select of mark labels as a mark select', () => {
    const doc = page(
      '<select><option>Present</option><option selected>Late</option><option>Absent</option></select>',
    );
    expect(selectMark(one(doc, 'select') as HTMLSelectElement, {}, new Map())).toBe('Late');
  });

  it('should not take a select of other things (a year group picker) as a mark', () => {
    const doc = page(
      '<select><option>Year 7</option><option>Year 8</option><option>Year 9</option></select>',
    );
    expect(selectMark(one(doc, 'select') as HTMLSelectElement, {}, new Map())).toBeNull();
  });
});

describe("a code set of the page's own among radio columns", () => {
  it.each([
    [['P', 'L', 'E', 'A'], true],
    [['/', 'L', 'N', 'I'], false],
    [['Present', 'Absent', 'Late'], false],
    [['P', 'L', 'E'], false],
  ])('should judge %j foreign: %s', (labels, want) => {
    expect(foreignLetters(labels, {})).toBe(want);
  });

  it('should trust the letters once the user has mapped the odd one out', () => {
    const site = { entries: [{ raw: 'A', code: 'N' }] };

    expect(foreignLetters(['P', 'L', 'A'], { site })).toBe(false);
  });
});

describe('tick boxes headed by a mark word', () => {
  const marksOf = (heads: string[], cells: string) => {
    const doc = page(
      `<table><thead><tr><th>Name</th>${heads.map((h) => `<th>${h}</th>`).join('')}<th>Select</th></tr></thead><tbody><tr><td>Ada Lovelace</td>${cells}<td><input type="checkbox" checked></td></tr></tbody></table>`,
    );
    const row = one(doc, 'tbody tr');
    const ctx = rowContext(tableColumns(one(doc, 'table'), null));
    return readRowMarks(row, scanRow(row, 'table'), ctx).map(({ raw, meaning }) => ({
      raw,
      meaning,
    }));
  };
  const box = (ticked: boolean) => `<td><input type="checkbox"${ticked ? ' checked' : ''}></td>`;

  it.each([
    ['a ticked "Present"', ['Present'], box(true), { raw: 'Present', meaning: undefined }],
    [
      'an unticked "Present" as the page\'s "Absent"',
      ['Present'],
      box(false),
      { raw: 'Present (unticked)', meaning: 'Absent' },
    ],
    [
      'an unticked "Absent" as the page\'s "Present"',
      ['Absent'],
      box(false),
      { raw: 'Absent (unticked)', meaning: 'Present' },
    ],
    [
      'the ticked one of a set',
      ['Present', 'Late', 'Absent'],
      box(false) + box(true) + box(false),
      { raw: 'Late', meaning: undefined },
    ],
    [
      'a set with nothing ticked as no mark yet',
      ['Present', 'Late', 'Absent'],
      box(false) + box(false) + box(false),
      { raw: '', meaning: undefined },
    ],
  ])('should read %s', (_what, heads, cells, want) => {
    expect(marksOf(heads, cells)).toEqual([want]);
  });

  it.each([
    ['an unticked "Late"', ['Late'], box(false)],
    ['two ticks in one set', ['Present', 'Late'], box(true) + box(true)],
  ])('should read no mark from %s', (_what, heads, cells) => {
    expect(marksOf(heads, cells)).toEqual([]);
  });
});

describe('code boxes: a register where the mark is typed', () => {
  const marksOf = (heads: string[], cells: string) => {
    const doc = page(
      `<table><thead><tr><th>Pupil</th>${heads.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody><tr><td>Ada Lovelace</td>${cells}</tr></tbody></table>`,
    );
    const row = one(doc, 'tbody tr');
    const ctx = rowContext(tableColumns(one(doc, 'table'), null));
    return readRowMarks(row, scanRow(row, 'table'), ctx).map(({ raw, session, editable }) => ({
      raw,
      session,
      editable,
    }));
  };
  const code = (value: string, attrs = 'maxlength="1"') =>
    `<td><input type="text" ${attrs} value="${value}"></td>`;

  it("should read each typed code with its column's session, and an empty box as not entered", () => {
    expect(marksOf(['AM', 'PM'], code('L') + code(''))).toEqual([
      { raw: 'L', session: 'AM', editable: true },
      { raw: '', session: 'PM', editable: true },
    ]);
  });

  it('should read an empty box that offers a list of codes as a mark not yet entered', () => {
    const list = '<datalist id="codes"><option value="P" label="Present"></option></datalist>';

    const marks = marksOf(['AM'], code('', 'maxlength="1" list="codes"') + `<td>${list}</td>`);

    expect(marks).toEqual([{ raw: '', session: 'AM', editable: true }]);
  });

  it('should read a letter the code set does not know, to be shown unmapped', () => {
    expect(marksOf(['AM'], code('Z'))).toEqual([{ raw: 'Z', session: 'AM', editable: true }]);
  });

  it('should take a box sized for a code (size="2") like one limited to it', () => {
    expect(marksOf(['AM'], code('N', 'size="2"'))).toEqual([
      { raw: 'N', session: 'AM', editable: true },
    ]);
  });

  it.each([
    ['a remarks box', ['Remarks'], code('Late bus', '')],
    ['a box of digits', ['Year'], code('8', 'maxlength="2"')],
    ['boxes with nothing typed in any', ['AM', 'PM'], code('') + code('')],
  ])('should read no mark from %s', (_what, heads, cells) => {
    expect(marksOf(heads, cells)).toEqual([]);
  });
});

describe('a card that says the mark in words', () => {
  const marksOf = (card: string) => {
    const doc = page(`<article>${card}</article>`);
    const row = one(doc, 'article');
    const ctx = rowContext([]);
    return readRowMarks(row, scanRow(row, 'free'), ctx).map(({ raw, current }) => ({
      raw,
      current,
    }));
  };

  it("should take the one mark word as the register's own mark", () => {
    expect(
      marksOf('<h3>Ada Lovelace</h3><dl><dt>Today</dt><dd><span>Absent (illness)</span></dd></dl>'),
    ).toEqual([{ raw: 'Absent (illness)', current: true }]);
  });

  it('should take the mark word on a tile the tutor taps as editable', () => {
    const doc = page(
      '<section><button type="button"><span>Ada Lovelace</span><span>Late</span></button></section>',
    );
    const row = one(doc, 'button');
    const ctx = rowContext([]);

    const [mark] = readRowMarks(row, scanRow(row, 'free'), ctx);

    expect(mark).toMatchObject({ raw: 'Late', editable: true, control: true });
  });

  it.each([
    ['two mark words', '<h3>Ada Lovelace</h3><span>Present</span><span>Late</span>'],
    ['a hidden one', '<h3>Ada Lovelace</h3><span hidden>Absent</span>'],
    ['none', '<h3>Ada Lovelace</h3><span>91.4%</span>'],
  ])('should take no mark from %s', (_what, card) => {
    expect(marksOf(card)).toEqual([]);
  });
});

describe('a tick list: one tick box per pupil, labelled with the name', () => {
  it.each([
    ['Tick the students who are present.', 'present'],
    ['Students checked will be marked as Absent', 'absent'],
    ['Check your details before saving.', undefined],
  ])('should read what a tick means from "%s"', (text, word) => {
    expect(tickWord([{ text }])).toBe(word);
  });

  const marksOf = (tick: string | undefined, checked: boolean) => {
    const doc = page(
      `<div class="row"><label><input type="checkbox"${checked ? ' checked' : ''}> 1 - Aisha Khan</label></div>`,
    );
    const row = one(doc, '.row');
    const ctx = { ...rowContext([]), tick };
    return readRowMarks(row, scanRow(row, 'free'), ctx).map(({ raw, meaning }) => ({
      raw,
      meaning,
    }));
  };

  it.each([
    [true, [{ raw: 'present', meaning: undefined }]],
    [false, [{ raw: 'present (unticked)', meaning: 'Absent' }]],
  ])("should read a tick box (ticked: %s) by the page's word for a tick", (checked, want) => {
    expect(marksOf('present', checked)).toEqual(want);
  });

  it('should read no mark from a tick box labelled with a name when the page says nothing of ticks', () => {
    expect(marksOf(undefined, true)).toEqual([]);
  });
});

describe('a tick box under a dated column', () => {
  it('should take the date and session of its column', () => {
    const doc = page(
      '<table><thead><tr><th>Learner</th><th>30/03/2026 PM</th></tr></thead><tbody><tr><td>Ada Lovelace</td><td><input type="checkbox" aria-label="Present" checked></td></tr></tbody></table>',
    );
    const row = one(doc, 'tbody tr');
    const ctx = rowContext(tableColumns(one(doc, 'table'), null));

    const marks = readRowMarks(row, scanRow(row, 'table'), ctx);

    expect(marks.map(({ date, session, raw }) => ({ date, session, raw }))).toEqual([
      { date: '2026-03-30', session: 'PM', raw: 'Present' },
    ]);
  });
});
