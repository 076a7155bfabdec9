import { describe, expect, it } from 'vitest';
import { builtInCode, mapMark, markMappingSchema } from '../../utils/registers/mapping';

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
  ] as const)('should map "%s" in an %s session to %s', (raw, session, code) => {
    expect(mapMark(raw, session).code).toBe(code);
  });

  it.each([
    'Absent: Family',
    'Left - Early',
    'Present - Offsite',
    'Off site',
    'n',
    'Educational activity',
  ])('should leave the ambiguous or unknown label "%s" unmapped', (raw) => {
    expect(mapMark(raw, 'AM')).toEqual({ code: null, unmarked: false });
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

  it('should try a mark with its reason first and never fall back to the bare mark', () => {
    const defaults = { entries: [{ raw: 'Absent: Pending', code: 'N' }] };
    expect(mapMark('Absent', 'AM', { defaults }, 'Pending').code).toBe('N');
    expect(mapMark('Absent', 'AM', { defaults }, 'Family').code).toBeNull();
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
