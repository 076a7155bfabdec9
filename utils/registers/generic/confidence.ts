/**
 * How sure the generic reader is: of a whole reading (which candidate table wins, and what the
 * extension tells the user) and, in later steps, of each mark.
 */

export interface ReadingTally {
  /** Pupils listed. */
  pupils: number;
  /** Pupils with at least one mark. */
  marked: number;
  /** Marks read. */
  total: number;
  /** Marks that mapped to a code. */
  mapped: number;
}

/** 0..1: the share of pupils with marks, weighted by the share of marks that mapped to a code. */
export function readingConfidence({ pupils, marked, total, mapped }: ReadingTally): number {
  const share = marked / Math.max(1, pupils);
  const mappedShare = total ? 0.5 + (0.5 * mapped) / total : 0.5;
  return Math.round(share * mappedShare * 100) / 100;
}

/** Which of several repeated structures on a page is the register: more marked pupils win. */
export const readingScore = ({ pupils, marked, total }: ReadingTally): number =>
  marked * 10 + total / Math.max(1, pupils);

/** A mark below this confidence is read as no code (with a warning), never guessed. */
export const LINE = 0.5;

/** How sure a mark's code is, by where its meaning came from. */
export const MARK_CONFIDENCE = {
  /** The user mapped this label themselves. */
  user: 1,
  /** An English code or a plain word that names one code beyond doubt. */
  builtIn: 0.95,
  /** The page's own key or tooltip says what the mark means. */
  pageWord: 0.85,
  /** A letter on a page with its own code set that the page does not explain. */
  unexplainedLetter: 0.3,
} as const;
