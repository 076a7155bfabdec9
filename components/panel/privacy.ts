/**
 * The privacy screen (a register projected for the class): our UI shows "Pupil 1", "Pupil 2"…
 * instead of names. Numbers are handed out in first-seen order and kept for the session, so the
 * same pupil keeps the same number across views.
 */
export function createPseudonyms(): (pupilId: string) => string {
  const numbers = new Map<string, number>();
  return (pupilId) => {
    let n = numbers.get(pupilId);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(pupilId, n);
    }
    return `Pupil ${n}`;
  };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Step wording and flag reasons can name the pupil ("Have a quiet word with Sam"), so under the
 * privacy screen the full name and each part of it are replaced wherever they appear as words.
 */
export function redactName(text: string, name: string, replacement: string): string {
  const parts = [name.trim(), ...name.split(/[\s,]+/)]
    .map((part) => part.trim())
    .filter((part) => part.length >= 2)
    .sort((a, b) => b.length - a.length);
  if (parts.length === 0) return text;
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${parts.map(escape).join('|')})(?![\\p{L}\\p{N}])`,
    'gu',
  );
  return text.replace(pattern, replacement);
}
