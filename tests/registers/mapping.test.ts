import { describe, expect, it } from 'vitest';
import {
  builtInCode,
  looksLikeMark,
  mapMark,
  mappingWarnings,
  markMappingSchema,
} from '../../utils/registers/mapping';
import { readRegister } from '../../utils/registers/read';
import type { ReadPupil } from '../../utils/registers/schema';
import { parsePage } from './helpers';

describe('mapping a page label to a code', () => {
  it.each([
    ['/', 'AM', '/'],
    ['\\', 'PM', '\\'],
    ['Present', 'AM', '/'],
    ['Present', 'PM', '\\'],
    ['/ Present', 'AM', '/'],
    ['L Late', 'AM', 'L'],
    ['Present - Late', 'AM', 'L'],
    ['Late - U Late after registers closed', 'PM', 'U'],
    ['I - Illness (NOT medical or dental appointments)', 'PM', 'I'],
    ['Absent - I Illness', 'AM', 'I'],
    ['Educational activity - V Educational visit or trip', 'AM', 'V'],
    ['H - Agreed holiday', 'AM', 'H'],
    ['Y1', 'AM', 'Y1'],
    ['Illness (I)', 'AM', 'I'],
    ['Absent', 'AM', 'N'],
    ['✓', 'AM', '/'],
    ['✔', 'PM', '\\'],
    ['✗', 'AM', 'N'],
    ['❌', 'PM', 'N'],
  ] as const)('should map "%s" in an %s session to %s', (raw, session, code) => {
    expect(mapMark(raw, session).code).toBe(code);
  });

  it.each(['Left', 'Off site', 'n', 'Educational activity', 'Family', 'Holiday'])(
    'should leave the ambiguous or unknown label "%s" unmapped',
    (raw) => {
      expect(mapMark(raw, 'AM')).toEqual({ code: null, unmarked: false });
    },
  );

  it.each([
    ['Tardy', 'AM', 'L'],
    ['Excused tardy', 'AM', 'L'],
    ['Excused', 'AM', 'C'],
    ['Excused absence', 'PM', 'C'],
    ['Absent - Excused', 'AM', 'C'],
    ['Unexcused', 'AM', 'O'],
    ['Unexcused absence', 'AM', 'O'],
    ['Truant', 'PM', 'O'],
    ['Sick', 'AM', 'I'],
    ['Absent sick', 'AM', 'I'],
    ['Left early', 'AM', '/'],
    ['Left - Early', 'PM', '\\'],
    ['Early dismissal', 'AM', '/'],
    ['Present - Offsite', 'AM', 'B'],
    ['Present off site', 'AM', 'B'],
    ['Field trip', 'AM', 'V'],
    ['Out of school suspension', 'AM', 'E'],
  ] as const)(
    'should map the US or international word "%s" (%s) by meaning to %s',
    (raw, session, code) => {
      expect(mapMark(raw, session).code).toBe(code);
    },
  );

  it.each([
    ['Absent', 'Medical', 'I'],
    ['Absent', 'Illness', 'I'],
    ['Absent', 'Sick', 'I'],
    ['Absent', 'Dental appointment', 'M'],
    ['Absent', 'Religious observance', 'R'],
    ['Absent', 'Excused', 'C'],
    ['Absent', 'Unexcused', 'O'],
    ['Absent', 'Truancy', 'O'],
    ['Absent', 'Suspended', 'E'],
    ['Absent', 'Pending', 'N'],
    ['Absent', 'Unknown', 'N'],
    ['Absent', '', 'N'],
    ['Present', 'Medical', '/'],
    ['Present - Late', 'Other', 'L'],
    ['Present - Late', 'Family', 'L'],
    ['Left - Early', 'Medical', '/'],
    ['Present - Offsite', 'Education', 'B'],
    ['Tardy', 'Bus', 'L'],
  ] as const)('should map the type "%s" with the reason "%s" to %s', (type, reason, code) => {
    const mapped = mapMark(type, 'AM', {}, reason);
    expect(mapped.code).toBe(code);
    expect(mapped.needsMapping).toBeUndefined();
  });

  it.each([
    ['Absent: Medical', 'I'],
    ['Absent - Medical', 'I'],
    ['Absent (Medical)', 'I'],
    ['Absent, Medical', 'I'],
    ['Absent: Pending', 'N'],
    ['Present - Late: Other', 'L'],
    ['Left - Early: Medical', '/'],
    ['Present - Offsite: Education', 'B'],
    ['Absent: Unexcused', 'O'],
  ])('should map the one label "%s" by its type and its reason to %s', (raw, code) => {
    expect(mapMark(raw, 'AM').code).toBe(code);
  });

  const PENDING = { code: 'N', unmarked: false, needsMapping: true };

  it.each([
    ['Absent', 'Family'],
    ['Absent', 'Other'],
    ['Absent', 'Education'],
    ['Absent', 'Holiday'],
    ['Absent', 'Present'],
  ])('should count the type "%s" with the reason "%s" as N that needs a mapping', (raw, reason) => {
    expect(mapMark(raw, 'AM', {}, reason)).toEqual(PENDING);
  });

  it.each(['Absent: Family', 'Absent (Other)', 'Absent - Holiday'])(
    'should count the one label "%s" as N that needs a mapping',
    (raw) => {
      expect(mapMark(raw, 'PM')).toEqual(PENDING);
    },
  );

  it('should keep an unexcused absence whose reason decides nothing as the unexcused it says', () => {
    expect(mapMark('Unexcused', 'AM', {}, 'Family').code).toBe('O');
  });

  it('should leave a reason beside a type that is no mark unmapped', () => {
    expect(mapMark('Left', 'AM', {}, 'Medical')).toEqual({ code: null, unmarked: false });
  });

  it('should let the site mapping of "type: reason" win over the meaning of the two', () => {
    const site = { entries: [{ raw: 'Absent: Family', code: 'C' }] };
    expect(mapMark('Absent', 'AM', { site }, 'Family')).toEqual({ code: 'C', unmarked: false });
    expect(mapMark('Absent: Family', 'AM', { site })).toEqual({ code: 'C', unmarked: false });
  });

  it.each([
    ['Absent: Family', true],
    ['Present - Late: Other', true],
    ['Tardy', true],
    ['Late, Ana', false],
    ['Register 9R: Monday', false],
  ])('should say whether "%s" is a mark when looking for marks on a page: %s', (raw, mark) => {
    expect(looksLikeMark(raw)).toBe(mark);
  });

  it.each(['', '-', 'No mark', '  '])('should treat "%s" as no mark yet', (raw) => {
    expect(mapMark(raw, 'AM')).toEqual({ code: null, unmarked: true });
  });

  it('should let the site mapping win, matching case and spaces loosely', () => {
    const site = {
      entries: [
        { raw: 'off  SITE', code: 'B' },
        { raw: 'Absent', code: null },
      ],
    };
    expect(mapMark('Off site', 'AM', { site }).code).toBe('B');
    expect(mapMark('absent', 'AM', { site }).code).toBeNull();
  });

  it('should map a present label taught as "/" to "\\" in the afternoon', () => {
    const site = { entries: [{ raw: 'Tick', code: '/' }] };
    expect(mapMark('Tick', 'PM', { site }).code).toBe('\\');
  });

  // Any label a mapping says is present follows the session it was read in, a code letter of
  // another meaning included: a school's own "P" for Present is not the English approved-sport P.
  it.each([
    ['a site mapping', 'P', '/', 'PM', '\\'],
    ['a site mapping', 'P', '\\', 'AM', '/'],
    ['a site mapping', 'A', '/', 'PM', '\\'],
    ['a site mapping', 'L', '/', 'PM', '\\'],
    ['a site mapping', 'Here', '\\', 'AM', '/'],
    ['the school-wide defaults', 'P', '/', 'PM', '\\'],
    ['the school-wide defaults', 'V', '/', 'PM', '\\'],
  ] as const)(
    'should give %s answer "%s" means "%s" the present code of a %s session (%s)',
    (where, raw, code, session, expected) => {
      const mapping = { entries: [{ raw, code }] };
      const options = where === 'a site mapping' ? { site: mapping } : { defaults: mapping };
      expect(mapMark(raw, session, options).code).toBe(expected);
    },
  );

  it('should give a present answer with a reason the present code of the afternoon', () => {
    const site = { entries: [{ raw: 'P: Offsite', code: '/' }] };
    expect(mapMark('P', 'PM', { site }, 'Offsite').code).toBe('\\');
  });

  it('should keep the present glyph a page prints itself, whatever the session', () => {
    expect(mapMark('/', 'PM').code).toBe('/');
    expect(mapMark('\\', 'AM').code).toBe('\\');
  });

  it('should try a mark with its reason first, then read the two by meaning', () => {
    const defaults = { entries: [{ raw: 'Absent: Pending', code: 'O' }] };
    expect(mapMark('Absent', 'AM', { defaults }, 'Pending').code).toBe('O');
    expect(mapMark('Absent', 'AM', { defaults }, 'Family')).toMatchObject({
      code: 'N',
      needsMapping: true,
    });
  });

  it('should refuse a mapping entry whose code is not an attendance code', () => {
    expect(markMappingSchema.safeParse({ entries: [{ raw: 'Tick', code: 'P1' }] }).success).toBe(
      false,
    );
  });

  it('should not read a pupil-like phrase as a code', () => {
    expect(builtInCode('Ada Lovelace')).toBeUndefined();
  });
});

describe('warning about marks a mapping must decide', () => {
  const mark = (raw: string, code: string | null, extra: object = {}) => ({
    date: '2026-03-02',
    session: 'AM' as const,
    raw,
    code,
    editable: false,
    ...extra,
  });

  it('should list every unmapped label with how many marks carry it', () => {
    const pupils: ReadPupil[] = [
      { key: 'a', name: 'A', marks: [mark('Left', null), mark('Left', null), mark('/', '/')] },
      { key: 'b', name: 'B', marks: [mark('Left', null, { reason: 'Medical' }), mark('-', null)] },
    ];
    expect(mappingWarnings(pupils)).toEqual([
      'Marks with no code mapping (shown, not counted): "Left" (2), "Left: Medical" (1).',
    ]);
  });

  it('should list absences counted as N pending a mapping, apart from the unmapped ones', () => {
    const pupils: ReadPupil[] = [
      {
        key: 'a',
        name: 'A',
        marks: [
          mark('Absent', 'N', { reason: 'Family', needsMapping: true }),
          mark('Absent: Other', 'N', { needsMapping: true }),
          mark('Absent', 'N', { reason: 'Family', needsMapping: true }),
        ],
      },
    ];
    expect(mappingWarnings(pupils)).toEqual([
      'Absences counted as N (no reason yet) until they are mapped: "Absent: Family" (2), "Absent: Other" (1).',
    ]);
  });

  it('should say nothing when every mark is mapped or not yet marked', () => {
    const pupils: ReadPupil[] = [{ key: 'a', name: 'A', marks: [mark('/', '/'), mark('', null)] }];
    expect(mappingWarnings(pupils)).toEqual([]);
  });
});

describe('a site mapping applied by the reader to both sessions', () => {
  const URL = 'https://mis.example/attendance/week';
  const page = `<!DOCTYPE html><html lang="en"><body><main>
    <h1>Class 7 Oak: week of 2 March 2026</h1>
    <table><thead>
      <tr><th>Student</th><th>Mon 2/3 AM</th><th>Mon 2/3 PM</th></tr>
    </thead><tbody>
      <tr><td>Ada Lovelace</td><td>P</td><td>P</td></tr>
      <tr><td>Alan Turing</td><td>P</td><td>A</td></tr>
    </tbody></table>
    <h2>Key</h2><ul><li>P = Present</li><li>A = Absent</li></ul>
  </main></body></html>`;

  it('should read a school letter the user mapped to present as "/" in the morning and "\\" in the afternoon', () => {
    const site = {
      entries: [
        { raw: 'P', code: '/' },
        { raw: 'A', code: 'N' },
      ],
    };
    const result = readRegister(parsePage(page, URL), URL, { mapping: site });
    expect(result.ok).toBe(true);
    const codes = result.ok
      ? result.reading.pupils.map((p) => p.marks.map((m) => `${m.session} ${m.code}`))
      : [];
    expect(codes).toEqual([
      ['AM /', 'PM \\'],
      ['AM /', 'PM N'],
    ]);
  });
});
