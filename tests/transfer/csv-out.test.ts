import { describe, expect, it } from 'vitest';
import { csvCell, toExcelCsv, UTF8_BOM } from '../../utils/transfer/csv-out';

describe('Excel CSV', () => {
  it('should start with a UTF-8 byte-order mark and end every line with CRLF', () => {
    const csv = toExcelCsv(['a', 'b'], [['x', 1]]);

    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.slice(1)).toBe('a,b\r\nx,1\r\n');
  });

  it.each([
    ['=SUM(A1:A3)', "'=SUM(A1:A3)"],
    ['+44 1234', "'+44 1234"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['Ada', 'Ada'],
  ])('should guard the text cell %j against formula injection', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('should write a negative number as a number, not guard it as text', () => {
    expect(csvCell(-3)).toBe('-3');
  });

  it.each([
    ['Turner, Grace', '"Turner, Grace"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [' padded', '" padded"'],
  ])('should quote %j as RFC 4180 asks', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('should leave null and undefined cells empty', () => {
    expect(toExcelCsv(['a', 'b', 'c'], [[null, undefined, 0]]).slice(1)).toBe('a,b,c\r\n,,0\r\n');
  });
});
