import type { ReadMark, ReadPupil, Reading } from '../registers/schema';

/**
 * The storing rule of CONTRACTS.md §2: read-only marks are stored when they are read; editable
 * marks only when the user saved the register or the page says it is taken. A prefilled
 * "Present" on an untaken register is not an attendance record, so it never reaches the store.
 */
export function isStorable(mark: ReadMark, reading: Reading, options: { saved: boolean }): boolean {
  if (!mark.editable) return true;
  return options.saved || reading.taken === true;
}

export interface StorableMark {
  pupil: ReadPupil;
  mark: ReadMark;
}

export function selectStorableMarks(reading: Reading, options: { saved: boolean }): StorableMark[] {
  const out: StorableMark[] = [];
  for (const pupil of reading.pupils) {
    for (const mark of pupil.marks) {
      if (isStorable(mark, reading, options)) out.push({ pupil, mark });
    }
  }
  return out;
}

const BLANK = new Set(['', '-']);

/**
 * The code the figures count. A label that maps to no code is kept as '?', which no code set
 * holds, so the engine reports it as unknown instead of guessing; the label itself stays in `raw`.
 */
export function storedCode(code: string | null, raw: string): string {
  if (code !== null) return code.trim();
  return BLANK.has(raw.trim()) ? '' : '?';
}

/** An import's `mark` column: empty or `-` means no mark yet. */
export const importedCode = (mark: string): string => (BLANK.has(mark.trim()) ? '' : mark.trim());
