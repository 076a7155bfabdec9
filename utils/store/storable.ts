import { marksToStore } from '../registers/live';
import type { ReadMark, ReadPupil, Reading } from '../registers/schema';

/**
 * The storing rule of CONTRACTS.md §2 is the reader's (`marksToStore`): read-only marks are
 * stored when they are read; editable marks only when the user saved the register or the page
 * says it is taken. This flattens what it keeps into (pupil, mark) pairs for the write path.
 */
export interface StorableMark {
  pupil: ReadPupil;
  mark: ReadMark;
}

export function selectStorableMarks(reading: Reading, options: { saved: boolean }): StorableMark[] {
  return marksToStore(reading, options).pupils.flatMap((pupil) =>
    pupil.marks.map((mark) => ({ pupil, mark })),
  );
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
