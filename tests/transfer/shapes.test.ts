import { describe, expect, it } from 'vitest';
import {
  columnMappingSchema,
  convertWithMapping,
  detectShape,
  parseDateAs,
  parseImport,
  parseSession,
  planImport,
  previewRows,
  type ColumnMapping,
} from '../../utils/transfer/shapes';

const canonical = [
  'pupil_id,name,group,date,session,mark',
  'S1,"Turner, Grace",10X,2025-09-04,AM,/',
  'S1,"Turner, Grace",10X,2025-09-04,PM,\\',
].join('\n');

const daily = [
  'UPN,Surname,Forename,Reg Group,Date,AM,PM',
  'K801,Turner,Grace,10X,04/09/2025,/,\\',
  'K802,Singh,Jacob,10X,04/09/2025,N,-',
].join('\r\n');

const weekly = [
  'Adno,Name,Form,w/c,Marks',
  '1001,"Turner, Grace",10X,01/09/2025,"    /\\/\\/\\"',
  '1002,"Singh, Jacob",10X,08/09/2025,/\\NN/\\IIL\\',
].join('\n');

describe('shape detection', () => {
  it.each([
    ['the canonical marks CSV', canonical, 'canonical'],
    ['one row per pupil per day with AM and PM columns', daily, 'daily'],
    ['one row per pupil per week with a marks string', weekly, 'weekly'],
    [
      'one row per session under other header names',
      'Pupil ID,Session Date,AM/PM,Code\nA,2025-09-01,AM,/',
      'session-rows',
    ],
    ['a file with no recognisable columns', 'foo,bar\n1,2', 'unknown'],
  ])('should recognise %s', (_label, text, shape) => {
    expect(detectShape(text).shape).toBe(shape);
  });

  it('should map the daily shape by its header names', () => {
    expect(detectShape(daily).mapping).toEqual({
      layout: 'am-pm-columns',
      dateFormat: 'auto',
      pupilId: 0,
      surname: 1,
      forename: 2,
      group: 3,
      date: 4,
      am: 5,
      pm: 6,
    });
  });
});

describe('the daily shape', () => {
  it('should give an AM and a PM row per pupil per day, with the source line', () => {
    const { mapping } = detectShape(daily);

    const result = convertWithMapping(daily, columnMappingSchema.parse(mapping));

    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      {
        line: 2,
        pupilId: 'K801',
        name: 'Turner, Grace',
        group: '10X',
        date: '2025-09-04',
        session: 'AM',
        mark: '/',
      },
      {
        line: 2,
        pupilId: 'K801',
        name: 'Turner, Grace',
        group: '10X',
        date: '2025-09-04',
        session: 'PM',
        mark: '\\',
      },
      {
        line: 3,
        pupilId: 'K802',
        name: 'Singh, Jacob',
        group: '10X',
        date: '2025-09-04',
        session: 'AM',
        mark: 'N',
      },
      {
        line: 3,
        pupilId: 'K802',
        name: 'Singh, Jacob',
        group: '10X',
        date: '2025-09-04',
        session: 'PM',
        mark: '',
      },
    ]);
  });
});

describe('the weekly shape', () => {
  const mapping = columnMappingSchema.parse(detectShape(weekly).mapping);

  it('should read ten marks from Monday AM to Friday PM, skipping blanks', () => {
    const { rows, errors } = convertWithMapping(weekly, mapping);

    expect(errors).toEqual([]);
    const grace = rows
      .filter((r) => r.pupilId === '1001')
      .map((r) => `${r.date} ${r.session} ${r.mark}`);
    expect(grace).toEqual([
      '2025-09-03 AM /',
      '2025-09-03 PM \\',
      '2025-09-04 AM /',
      '2025-09-04 PM \\',
      '2025-09-05 AM /',
      '2025-09-05 PM \\',
    ]);
    expect(rows.filter((r) => r.pupilId === '1002')).toHaveLength(10);
    expect(
      rows.find((r) => r.pupilId === '1002' && r.date === '2025-09-12' && r.session === 'AM')?.mark,
    ).toBe('L');
  });

  it('should refuse a marks string longer than a week, naming the line', () => {
    const text = `${weekly}\n1003,"Khan, Amir",10X,15/09/2025,/\\/\\/\\/\\/\\/`;

    const { errors } = convertWithMapping(text, mapping);

    expect(errors).toEqual([
      { line: 4, message: expect.stringMatching(/11 characters long; a week is 10 sessions/) },
    ]);
  });

  it('should read a week that does not begin on a Monday from its Monday, with a warning', () => {
    const text = 'Adno,w/c,Marks\n1,03/09/2025,/\\';

    const { rows, warnings } = convertWithMapping(
      text,
      columnMappingSchema.parse(detectShape(text).mapping),
    );

    expect(rows[0]!.date).toBe('2025-09-01');
    expect(warnings[0]).toMatchObject({ line: 2, message: expect.stringMatching(/not a Monday/) });
  });
});

describe('a mapped file', () => {
  const text = [
    'Student;Ref;When;Part;Code',
    'Ada Lovelace;A1;09/02/2025;Morning;/',
    'Ada Lovelace;A1;09/02/2025;Afternoon;M',
    'Ada Lovelace;A1;13/45/2025;Afternoon;M',
    'Ada Lovelace;;09/03/2025;Noon;/',
  ].join('\n');
  const mapping: ColumnMapping = columnMappingSchema.parse({
    layout: 'session-rows',
    pupilId: 1,
    name: 0,
    date: 2,
    dateFormat: 'MM/DD/YYYY',
    session: 3,
    mark: 4,
  });

  it('should read semicolon-separated columns through the mapping with its date format', () => {
    const { rows } = convertWithMapping(text, mapping);

    expect(rows.map((r) => `${r.line} ${r.pupilId} ${r.date} ${r.session} ${r.mark}`)).toEqual([
      '2 A1 2025-09-02 AM /',
      '3 A1 2025-09-02 PM M',
    ]);
  });

  it('should list each bad row by its line with every problem in it', () => {
    const { errors } = convertWithMapping(text, mapping);

    expect(errors).toEqual([
      { line: 4, message: '"13/45/2025" is not a real date as MM/DD/YYYY' },
      { line: 5, message: '"Ref" (pupil id) is empty; session "Noon" is not AM or PM' },
    ]);
  });

  it('should preview only the first rows as the import would read them', () => {
    const preview = previewRows(text, mapping, 2);

    expect(preview.rows).toHaveLength(2);
    expect(preview.errors).toEqual([]);
  });

  it('should refuse a mapping that lacks the mark column for its layout', () => {
    const parsed = columnMappingSchema.safeParse({
      layout: 'session-rows',
      pupilId: 0,
      date: 1,
      session: 2,
    });

    expect(parsed.success).toBe(false);
  });

  it('should keep a later row for the same session and warn that it replaced the earlier', () => {
    const twice = 'UPN,Date,AM,PM\nA,2025-09-01,N,N\nA,2025-09-01,I,I';

    const { rows, warnings } = convertWithMapping(
      twice,
      columnMappingSchema.parse(detectShape(twice).mapping),
    );

    expect(rows.map((r) => r.mark)).toEqual(['I', 'I']);
    expect(rows.map((r) => r.line)).toEqual([3, 3]);
    expect(warnings[0]).toMatchObject({
      line: 3,
      message: expect.stringMatching(/replaces line 2/),
    });
  });

  it('should give the physical line of a row after a quoted line break', () => {
    const quoted = 'UPN,Name,Date,AM,PM\nA,"Two\nLines",2025-09-01,/,\\\nB,x,2025-13-01,/,\\';

    const { errors } = convertWithMapping(
      quoted,
      columnMappingSchema.parse(detectShape(quoted).mapping),
    );

    expect(errors).toEqual([{ line: 4, message: expect.stringMatching(/2025-13-01/) }]);
  });
});

describe('dates and sessions', () => {
  it.each([
    ['2025-09-04', 'auto', '2025-09-04'],
    ['04/09/2025', 'auto', '2025-09-04'],
    ['4/9/25', 'auto', '2025-09-04'],
    ['04-09-2025', 'auto', '2025-09-04'],
    ['4 Sep 2025', 'auto', '2025-09-04'],
    ['Thu 4th September 2025', 'auto', '2025-09-04'],
    ['04-Sep-2025', 'auto', '2025-09-04'],
    ['04/09/2025 00:00:00', 'auto', '2025-09-04'],
    ['09/04/2025', 'MM/DD/YYYY', '2025-09-04'],
    ['30/02/2025', 'auto', null],
    ['2025-09-04', 'DD/MM/YYYY', null],
  ] as const)('should read %j as %s to %s', (value, format, expected) => {
    expect(parseDateAs(value, format)).toBe(expected);
  });

  it.each([
    ['am', 'AM'],
    ['Morning', 'AM'],
    ['P', 'PM'],
    ['afternoon', 'PM'],
    ['noon', null],
  ] as const)('should read the session %j as %s', (value, expected) => {
    expect(parseSession(value)).toBe(expected);
  });
});

describe('the dry run', () => {
  it('should count what will be added, replaced and left unchanged, before writing', () => {
    const result = parseImport(canonical + '\nS2,,10X,2025-09-05,AM,N', { shape: 'canonical' });
    const stored = new Map([
      ['S1|2025-09-04|AM', '/'],
      ['S1|2025-09-04|PM', 'N'],
    ]);

    const plan = planImport(result, (p, d, s) => stored.get(`${p}|${d}|${s}`));

    expect(plan).toMatchObject({
      rows: 3,
      pupils: 2,
      added: 1,
      replaced: 1,
      unchanged: 1,
      dateRange: { from: '2025-09-04', to: '2025-09-05' },
    });
    expect(plan.replacements).toEqual([
      { line: 3, pupilId: 'S1', date: '2025-09-04', session: 'PM', from: 'N', to: '\\' },
    ]);
  });

  it('should carry the line-numbered errors of a corrupt file into the plan', () => {
    const result = parseImport(canonical + '\nS3,,10X,2025-02-30,AM,/\nS3,,10X,2025-09-05,XX,/', {
      shape: 'canonical',
    });

    const plan = planImport(result, () => undefined);

    expect(plan.errors.map((e) => e.line)).toEqual([4, 5]);
    expect(plan.rows).toBe(2);
  });
});
