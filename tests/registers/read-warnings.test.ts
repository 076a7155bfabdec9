import { describe, expect, it } from 'vitest';
import { readRegister } from '../../utils/registers/read';
import { parsePage } from './helpers';

/** A plain week table of the kind the generic reader reads, with a school's type-and-reason labels. */
const PAGE = `<html><body><h1>Register 9R, Monday 2 March 2026 AM</h1>
<table><thead><tr><th>Pupil</th><th>Mon 02/03/2026 AM</th></tr></thead><tbody>
${[
  ['Ada Lovelace', 'Present'],
  ['Alan Turing', 'Absent: Family'],
  ['Grace Hopper', 'Absent: Family'],
  ['Emmy Noether', 'Absent: Medical'],
  ['Kurt Godel', 'Absent'],
]
  .map(([name, mark]) => `<tr><td>${name}</td><td title="${mark}">${mark}</td></tr>`)
  .join('')}
</tbody></table></body></html>`;

describe('the warnings of every reading about marks a mapping must decide', () => {
  it('should flag and count absences pending a mapping whichever reader read the page', () => {
    const result = readRegister(parsePage(PAGE), 'https://mis.example/register', {
      adapters: false,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const marks = result.reading.pupils.map((p) => p.marks[0]);
    expect(marks.map((m) => [m?.code, m?.needsMapping])).toEqual([
      ['/', undefined],
      ['N', true],
      ['N', true],
      ['I', undefined],
      ['N', undefined],
    ]);
    expect(result.reading.warnings).toContain(
      'Absences counted as N (no reason yet) until they are mapped: "Absent: Family" (2).',
    );
  });

  it('should not flag an absence the site mapping decides', () => {
    const result = readRegister(parsePage(PAGE), 'https://mis.example/register', {
      adapters: false,
      mapping: { entries: [{ raw: 'Absent: Family', code: 'N' }] },
    });
    expect(result.ok && result.reading.pupils.some((p) => p.marks[0]?.needsMapping)).toBe(false);
    expect(result.ok && result.reading.warnings.join(' ')).not.toContain('Absent: Family');
  });
});
