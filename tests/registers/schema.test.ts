import { describe, expect, it } from 'vitest';
import {
  isReadMark,
  isReadPupil,
  readingOutSchema,
  readingSchema,
  readMarkSchema,
  readPupilSchema,
} from '../../utils/registers/schema';

const mark = { date: '2026-01-21', session: 'AM', raw: '/', code: '/', editable: true };
const pupil = { key: 'id:P1', name: 'Ava Ahmed', marks: [mark] };
const reading = {
  adapter: 'generic',
  group: '9R',
  date: '2026-01-21',
  session: 'AM',
  taken: null,
  pupils: [pupil],
  warnings: [],
};

describe("the reader's plain check of marks and pupils", () => {
  it.each([
    ['a plain mark', mark],
    ['a mark with a reason', { ...mark, reason: 'Medical' }],
    ['a mark with no code', { ...mark, code: null }],
    ['a mark waiting for a mapping', { ...mark, code: 'N', needsMapping: true }],
    ['a mark with an undefined reason', { ...mark, reason: undefined }],
    ['a date that is not ISO', { ...mark, date: '21/01/2026' }],
    ['a date with a time', { ...mark, date: '2026-01-21T08:40' }],
    ['a missing date', { ...mark, date: undefined }],
    ['a session that is neither AM nor PM', { ...mark, session: 'am' }],
    ['a raw that is not a string', { ...mark, raw: 1 }],
    ['an empty code', { ...mark, code: '' }],
    ['an undefined code', { ...mark, code: undefined }],
    ['a reason that is not a string', { ...mark, reason: null }],
    ['an editable that is not a boolean', { ...mark, editable: 'yes' }],
    ['needsMapping false', { ...mark, needsMapping: false }],
    ['an array', [mark]],
    ['null', null],
  ])('should give %s the verdict readMarkSchema gives', (_, value) => {
    expect(isReadMark(value)).toBe(readMarkSchema.safeParse(value).success);
  });

  it.each([
    ['a plain pupil', pupil],
    ['a pupil with no marks', { ...pupil, marks: [] }],
    ['an empty key', { ...pupil, key: '' }],
    ['a name that is not a string', { ...pupil, name: null }],
    ['marks that are not an array', { ...pupil, marks: mark }],
    ['one bad mark among good ones', { ...pupil, marks: [mark, { ...mark, session: 'XX' }] }],
  ])('should give %s the verdict readPupilSchema gives', (_, value) => {
    expect(isReadPupil(value)).toBe(readPupilSchema.safeParse(value).success);
  });

  it.each([
    ['a mark', { ...mark, control: true }, isReadMark],
    ['a pupil', { ...pupil, row: 3 }, isReadPupil],
  ] as const)(
    'should fail %s carrying a field the contract does not name, which nothing strips',
    (_, value, check) => {
      expect(check(value)).toBe(false);
    },
  );
});

describe("the schema a reader's output passes", () => {
  it('should pass a reading that readingSchema passes, unchanged', () => {
    const parsed = readingOutSchema.safeParse(reading);

    expect(parsed.success && parsed.data).toEqual(readingSchema.parse(reading));
  });

  it.each([
    ['a bad mark', { ...reading, pupils: [{ ...pupil, marks: [{ ...mark, code: '' }] }] }],
    ['a bad pupil', { ...reading, pupils: [{ ...pupil, key: '' }] }],
    ['pupils that are not an array', { ...reading, pupils: {} }],
    ['a bad top-level field', { ...reading, session: 'Morning' }],
    ['warnings that are not strings', { ...reading, warnings: [1] }],
  ])('should fail a reading with %s, as readingSchema does', (_, value) => {
    expect(readingOutSchema.safeParse(value).success).toBe(false);
    expect(readingSchema.safeParse(value).success).toBe(false);
  });
});
