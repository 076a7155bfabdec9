import { describe, expect, it } from 'vitest';
import { parseContextCsv, parseCsvDate, parseMarksCsv } from '../../utils/transfer/marks-csv';

const HEADER = 'pupil_id,name,group,date,session,mark';

describe('parseMarksCsv', () => {
  it('should read a plain file into canonical rows with physical line numbers', () => {
    const text = `${HEADER}\nA1,"Turner, Grace",10X,2025-09-04,AM,/\nA1,"Turner, Grace",10X,2025-09-04,PM,\\\n`;

    const { rows, errors, pupils } = parseMarksCsv(text);

    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        pupilId: 'A1',
        name: 'Turner, Grace',
        group: '10X',
        date: '2025-09-04',
        session: 'AM',
        mark: '/',
      },
      {
        line: 3,
        pupilId: 'A1',
        name: 'Turner, Grace',
        group: '10X',
        date: '2025-09-04',
        session: 'PM',
        mark: '\\',
      },
    ]);
    expect(pupils).toEqual([{ pupilId: 'A1', name: 'Turner, Grace', group: '10X', firstLine: 2 }]);
  });

  it('should accept a BOM, CRLF, headers in any order and case, and ignore unknown columns', () => {
    const text =
      '\uFEFFMark,Session,UPN_extra,Date,PUPIL_ID\r\nN,am,x,04/09/2025,A1\r\n - ,Pm,y,2025-09-04,A1\r\n';

    const { rows, errors } = parseMarksCsv(text);

    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.line, r.date, r.session, r.mark])).toEqual([
      [2, '2025-09-04', 'AM', 'N'],
      [3, '2025-09-04', 'PM', ''],
    ]);
  });

  it('should keep a mark exactly as written apart from spaces', () => {
    const { rows } = parseMarksCsv(`pupil_id,date,session,mark\nA,2025-09-04,AM, n \n`);

    expect(rows[0]!.mark).toBe('n');
  });

  it('should count lines inside a quoted field when numbering later rows', () => {
    const text = `${HEADER}\nA1,"Grace\nTurner",10X,2025-09-04,AM,/\nA1,,10X,2025-02-30,PM,/\n`;

    const { errors } = parseMarksCsv(text);

    expect(errors).toEqual([{ line: 4, message: expect.stringContaining('2025-02-30') }]);
  });

  it('should let a later row replace an earlier one, with a warning, keeping the first position', () => {
    const text = `${HEADER}\nB,,,2025-09-04,AM,N\nA,Ada,,2025-09-04,AM,/\nB,Bo,7B,2025-09-04,AM,I\n`;

    const { rows, warnings, pupils } = parseMarksCsv(text);

    expect(rows.map((r) => [r.pupilId, r.mark, r.line])).toEqual([
      ['B', 'I', 4],
      ['A', '/', 3],
    ]);
    expect(warnings).toEqual([{ line: 4, message: expect.stringContaining('replaces line 2') }]);
    expect(pupils.map((p) => [p.pupilId, p.name, p.group])).toEqual([
      ['B', 'Bo', '7B'],
      ['A', 'Ada', undefined],
    ]);
  });

  it.each([
    {
      order: 'a pupil whose rows go back in time',
      body: 'A,,,2025-09-05,AM,N\nA,,,2025-09-04,AM,/\nA,,,2025-09-05,AM,I\n',
      rows: [
        ['2025-09-05', 'I', 4],
        ['2025-09-04', '/', 3],
      ],
    },
    {
      order: 'a session repeated after later ones',
      body: 'A,,,2025-09-04,AM,N\nA,,,2025-09-04,PM,/\nA,,,2025-09-05,AM,/\nA,,,2025-09-04,AM,I\n',
      rows: [
        ['2025-09-04', 'I', 5],
        ['2025-09-04', '/', 3],
        ['2025-09-05', '/', 4],
      ],
    },
  ])('should find a repeated session in $order', ({ body, rows: expected }) => {
    const { rows, warnings } = parseMarksCsv(`${HEADER}\n${body}`);

    expect(rows.map((r) => [r.date, r.mark, r.line])).toEqual(expected);
    expect(warnings).toEqual([
      { line: expected[0]![2], message: expect.stringContaining('replaces line 2') },
    ]);
  });

  it.each([
    { row: 'A,,,2025-13-01,AM,/', message: 'not a real date' },
    { row: 'A,,,31/02/2025,AM,/', message: 'not a real date' },
    { row: 'A,,,2025/09/04,AM,/', message: 'not a real date' },
    { row: 'A,,,,AM,/', message: 'date is empty' },
    { row: ',,,2025-09-04,AM,/', message: 'pupil_id is empty' },
    { row: 'A,,,2025-09-04,Morning,/', message: 'not AM or PM' },
    { row: 'A,Turner, Grace,,2025-09-04,AM,/', message: 'expected 6 fields' },
    { row: 'A,,,2025-09-04,AM', message: 'expected 6 fields' },
    { row: 'A,"Turner,,2025-09-04,AM,/', message: 'quoting' },
  ])('should reject "$row" naming line 3', ({ row, message }) => {
    const { errors } = parseMarksCsv(`${HEADER}\nA,,,2025-09-03,AM,/\n${row}\n`);

    expect(errors[0]).toEqual({ line: 3, message: expect.stringContaining(message) });
  });

  it('should name missing required columns', () => {
    const { errors, rows } = parseMarksCsv('pupil_id,name,date\nA,Ada,2025-09-04\n');

    expect(errors).toEqual([{ line: 1, message: expect.stringContaining('session, mark') }]);
    expect(rows).toEqual([]);
  });

  it('should skip blank lines and reject an empty file', () => {
    expect(parseMarksCsv(`${HEADER}\n\nA,,,2025-09-04,AM,/\n\n`).rows).toHaveLength(1);
    expect(parseMarksCsv('').errors[0]!.message).toContain('empty');
  });
});

describe('parseCsvDate', () => {
  it.each([
    ['2025-09-04', '2025-09-04'],
    ['04/09/2025', '2025-09-04'],
    ['4/9/2025', '2025-09-04'],
    ['29/02/2024', '2024-02-29'],
    ['29/02/2025', null],
    ['2025-9-4', null],
  ])('should read %s as %s', (input, output) => {
    expect(parseCsvDate(input)).toBe(output);
  });
});

describe('parseContextCsv', () => {
  it('should read one tag per row, any case, without repeats', () => {
    const { tags, errors } = parseContextCsv(
      'Tag,PUPIL_ID\nfsm,A\n SEND ,A\nfsm,A\nlooked-after,B\n',
    );

    expect(errors).toEqual([]);
    expect(tags).toEqual(
      new Map([
        ['A', ['fsm', 'send']],
        ['B', ['looked-after']],
      ]),
    );
  });

  it('should reject a tag outside the fixed list, naming its line', () => {
    const { errors } = parseContextCsv('pupil_id,tag\nA,fsm\nA,gifted\n');

    expect(errors).toEqual([{ line: 3, message: expect.stringContaining('"gifted"') }]);
  });
});
