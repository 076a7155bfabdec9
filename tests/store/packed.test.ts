import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../utils/attendance/calendar';
import { ALL_CODES } from '../../utils/attendance/codes';
import { buildTimeline, Cat } from '../../utils/attendance/timeline';
import {
  COLUMN_SEPARATOR,
  emptyYear,
  joinColumn,
  splitColumn,
  withJoinedColumns,
  insertSorted,
  openYear,
  originIndex,
  packKeys,
  packMarks,
  packYear,
  timelineOfRecords,
  unpackMarks,
} from '../../utils/store/packed';
import type { StoredMark, TimelineRecord } from '../../utils/store/schema';

const joined = (...values: string[]) => values.join(COLUMN_SEPARATOR);

const mark = (date: string, session: 'AM' | 'PM', code: string, over: Partial<StoredMark> = {}) =>
  ({
    pupilId: 'p',
    date,
    session,
    mark: code,
    raw: code,
    source: 'import',
    observedAt: '2026-01-10T12:00:00.000Z',
    url: null,
    batchId: 'b1',
    ...over,
  }) satisfies StoredMark;

describe('packMarks', () => {
  it('should split a pupil at 1 September into two academic years', () => {
    const records = packMarks([mark('2025-09-01', 'AM', '/'), mark('2025-08-29', 'PM', 'N')]);

    expect(records.map((r) => [r.year, r.slots])).toEqual([
      [2025, '2025-09-01A'],
      [2024, '2025-08-29P'],
    ]);
  });

  it('should keep provenance once per origin and once per run of sessions', () => {
    const register = { source: 'register' as const, url: 'https://mis.example/r', batchId: null };
    const [record] = packMarks([
      mark('2025-09-01', 'AM', '/', { ...register, raw: 'Present' }),
      mark('2025-09-01', 'PM', '/', { ...register, raw: 'Present' }),
      mark('2025-09-02', 'AM', 'N'),
      mark('2025-09-02', 'PM', '/', { ...register, raw: 'Present' }),
    ]);

    expect(record).toMatchObject({
      slots: '2025-09-01A2025-09-01P2025-09-02A2025-09-02P',
      runs: [2, 0, 1, 1, 1, 0],
      raws: joined('Present', 'Present', 'N', 'Present'),
      registerAt: '2026-01-10T12:00:00.000Z',
    });
    expect(record!.origins).toHaveLength(2);
  });

  it('should let the later of two records for one session win, as a later write did', () => {
    const [record] = packMarks([mark('2025-09-01', 'AM', 'N'), mark('2025-09-01', 'AM', 'I')]);

    expect(record!.marks).toBe('I');
  });

  it('should give back exactly the marks it packed', () => {
    const marks = [
      mark('2025-09-01', 'AM', '/', { raw: ' / ' }),
      mark('2025-09-01', 'PM', '?', { raw: 'Out on a trip', source: 'register', batchId: null }),
      mark('2025-09-03', 'AM', '', { raw: '-' }),
    ];

    expect(unpackMarks(packMarks(marks)[0]!)).toEqual(marks);
  });
});

describe('joinColumn and splitColumn', () => {
  it.each([
    ['several codes', ['/', 'N', 'C1', '']],
    ['one empty mark', ['']],
    ['one code', ['I']],
    ['raw labels with spaces and punctuation', ['Absent: Family', ' / ', '-']],
  ])('should give back exactly the values it joined: %s', (_, values) => {
    const column = joinColumn(values);

    expect(typeof column).toBe('string');
    expect(splitColumn(column, values.length)).toEqual(values);
  });

  it('should read no value from an empty column of a record with no session', () => {
    expect(splitColumn('', 0)).toEqual([]);
  });

  it('should keep a column as an array when a value holds the separator itself', () => {
    const values = ['Absent', `odd${COLUMN_SEPARATOR}label`];

    expect(joinColumn(values)).toEqual(values);
    expect(splitColumn(joinColumn(values), 2)).toEqual(values);
  });
});

describe('a year record of version 5 (columns as arrays)', () => {
  const old = (): TimelineRecord => ({
    pupilId: 'p',
    year: 2025,
    slots: '2025-09-01A2025-09-01P2025-09-02A',
    marks: ['/', 'N', ''],
    raws: ['Present', 'Absent', '-'],
    origins: [{ source: 'register', at: '2026-01-10T12:00:00.000Z', url: null, batchId: null }],
    runs: [3, 0],
  });

  it('should be read exactly as its joined form is', () => {
    const record = old();

    expect(unpackMarks(record)).toEqual(unpackMarks(withJoinedColumns(record)));
    expect(timelineOfRecords([record])).toEqual(timelineOfRecords([withJoinedColumns(record)]));
  });

  it('should join into one string per column, and an empty raws stays empty', () => {
    expect(withJoinedColumns(old())).toMatchObject({
      marks: joined('/', 'N', ''),
      raws: joined('Present', 'Absent', '-'),
    });
    expect(withJoinedColumns({ ...old(), raws: [] }).raws).toEqual([]);
  });
});

describe('packYear', () => {
  it('should drop origins no session uses any more and a year with no session', () => {
    const year = openYear(packMarks([mark('2025-09-01', 'AM', 'N')])[0]!);
    year.origin[0] = originIndex(year, {
      source: 'undo',
      at: '2026-02-01T00:00:00.000Z',
      url: null,
      batchId: 'b1',
    });

    expect(packYear(year)!.origins).toEqual([
      { source: 'undo', at: '2026-02-01T00:00:00.000Z', url: null, batchId: 'b1' },
    ]);
    expect(packYear(emptyYear('p', 2025))).toBeNull();
  });

  it('should merge new sessions into their date order', () => {
    const year = openYear(packMarks([mark('2025-09-02', 'AM', '/')])[0]!);
    insertSorted(year, [
      { slot: '2025-09-03A', mark: 'N', raw: 'N', origin: 0 },
      { slot: '2025-09-01P', mark: 'L', raw: 'L', origin: 0 },
    ]);

    expect(packYear(year)!.slots).toBe('2025-09-01P2025-09-02A2025-09-03A');
  });
});

describe('timelineOfRecords', () => {
  it('should compile the same timeline the engine builds from per-mark records', () => {
    const marks = [
      mark('2025-07-14', 'AM', 'I'),
      mark('2025-09-01', 'AM', '/'),
      mark('2025-09-01', 'PM', 'N'),
      mark('2025-09-02', 'AM', 'C1'),
    ];
    const records = packMarks(marks).sort((a, b) => a.year - b.year);

    expect(timelineOfRecords(records)).toEqual(buildTimeline(marks));
  });

  it('should leave out sessions after the last day asked for', () => {
    const records = packMarks([
      mark('2025-09-01', 'AM', '/'),
      mark('2025-09-01', 'PM', 'N'),
      mark('2025-09-02', 'AM', 'N'),
    ]);

    expect(timelineOfRecords(records, { to: '2025-09-01' }).dates).toEqual([
      '2025-09-01',
      '2025-09-01',
    ]);
  });
});

describe('timelineOfRecords reading packed columns in place', () => {
  // Every way a stored mark can look, either side of the 2024 code change.
  const ODD_MARKS = ['/', 'N', 'C1', 'J', 'J1', 'H', 'Y', 'Y4', '', '-', ' N ', 'n', 'Present'];
  const DAYS = ['2024-08-15', '2024-08-16', '2024-08-19', '2024-08-20', '2024-09-02'];
  const oddMarks = (pupilId: string) =>
    DAYS.flatMap((date, d) =>
      (['AM', 'PM'] as const).map((session, s) =>
        mark(date, session, ODD_MARKS[(d * 2 + s + pupilId.length) % ODD_MARKS.length]!, {
          pupilId,
        }),
      ),
    );

  it.each([
    ['codes joined in one string', (r: TimelineRecord) => r],
    [
      'codes kept as an array (versions 4 and 5)',
      (r: TimelineRecord) => ({ ...r, marks: splitColumn(r.marks, r.slots.length / 11) }),
    ],
  ])('should compile odd marks as the engine does, from %s', (_what, shape) => {
    const marks = oddMarks('p');
    const records = packMarks(marks)
      .sort((a, b) => a.year - b.year)
      .map(shape);

    expect(timelineOfRecords(records)).toEqual(buildTimeline(marks));
  });

  it.each([
    ['before the first session', '2024-08-14', 0],
    ['on a day with two sessions', '2024-08-16', 4],
    ['between two school days', '2024-08-17', 4],
    ['across the new academic year', '2024-08-31', 8],
    ['after the last session', '2025-01-01', 10],
  ])('should stop %s', (_what, to, sessions) => {
    const marks = oddMarks('p');
    const records = packMarks(marks).sort((a, b) => a.year - b.year);

    const t = timelineOfRecords(records, { to });

    expect(t.length).toBe(sessions);
    expect(t).toEqual(buildTimeline(marks.filter((m) => m.date <= to)));
  });

  it('should give each pupil their own dates when pupils one after another hold different sessions', () => {
    const first = packMarks([mark('2025-09-01', 'AM', '/'), mark('2025-09-02', 'AM', 'N')]);
    const second = packMarks([mark('2025-09-01', 'AM', '/'), mark('2025-09-03', 'PM', 'N')]);

    timelineOfRecords(first);
    timelineOfRecords(first);
    const t = timelineOfRecords(second);

    expect([t.dates, t.sessions, [...t.days]]).toEqual([
      ['2025-09-01', '2025-09-03'],
      ['AM', 'PM'],
      [dayNumber('2025-09-01'), dayNumber('2025-09-03')],
    ]);
  });

  it('should read a column with fewer codes than sessions as unmarked for the rest', () => {
    const [record] = packMarks([mark('2025-09-01', 'AM', 'N'), mark('2025-09-01', 'PM', 'N')]);

    const t = timelineOfRecords([{ ...record!, marks: 'N' }]);

    expect(t.marks).toEqual(['N', '']);
    expect([...t.cats]).toEqual([Cat.unauthorised, Cat.unmarked]);
  });

  it('should compile any marks exactly as the engine builds them from per-mark records', () => {
    const dates = ['2024-08-16', '2024-08-19', '2024-09-02', '2025-08-29', '2025-09-01'];
    const markArb = fc.record({
      date: fc.constantFrom(...dates),
      session: fc.constantFrom('AM' as const, 'PM' as const),
      code: fc.oneof(fc.constantFrom(...ALL_CODES), fc.constantFrom('', '-', ' N', 'n', 'Absent')),
    });
    fc.assert(
      fc.property(fc.array(markArb, { maxLength: 30 }), fc.constantFrom(...dates), (drawn, to) => {
        const marks = drawn.map((m) => mark(m.date, m.session, m.code));
        const records = packMarks(marks).sort((a, b) => a.year - b.year);

        expect(timelineOfRecords(records, { to })).toEqual(
          buildTimeline(marks.filter((m) => m.date <= to)),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('packKeys', () => {
  it('should pack added keys per pupil and year in session order', () => {
    expect(
      packKeys([
        ['p', '2025-09-02', 'AM'],
        ['p', '2025-09-01', 'PM'],
        ['q', '2025-08-01', 'AM'],
      ]),
    ).toEqual([
      { pupilId: 'p', year: 2025, slots: '2025-09-01P2025-09-02A' },
      { pupilId: 'q', year: 2024, slots: '2025-08-01A' },
    ]);
  });
});
