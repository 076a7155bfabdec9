import { describe, expect, it } from 'vitest';
import { splitNames } from '../../../utils/registers/generic/split-names';
import { page } from './dom';

const table = (head: string[], rows: string[][]) =>
  `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

describe('names split over a surname and a forename column', () => {
  it.each([
    [['Surname', 'Forename', 'Mon'], ["O'Brien", 'Siobhan', '/'], "O'Brien, Siobhan"],
    [['No.', 'Last name', 'First name'], ['1', 'Kowalski', 'Łukasz'], 'Kowalski, Łukasz'],
    [['Forename', 'Family name'], ['Zoë', 'Brontë'], 'Brontë, Zoë'],
    [['Legal surname', 'Preferred name'], ['Smith-Jones', 'Harry'], 'Smith-Jones, Harry'],
  ])('should join the columns of %j into one name', (head, row, want) => {
    const doc = page(table(head, [row, row.map((c) => (c === '/' ? 'N' : c))]));

    const hits = splitNames(doc, []);

    expect(hits.map((h) => h.name)).toEqual([want, want]);
  });

  it('should find nothing in a table without both header words', () => {
    const doc = page(table(['Surname', 'Tutor group'], [['Adams', '9K']]));

    expect(splitNames(doc, [])).toEqual([]);
  });

  it('should not take a row whose cells read as no name', () => {
    const doc = page(
      table(
        ['Surname', 'Forename'],
        [
          ['Total', '12'],
          ['Adams', 'Grace'],
        ],
      ),
    );

    expect(splitNames(doc, []).map((h) => h.name)).toEqual(['Adams, Grace']);
  });

  it('should put the hit on the surname cell', () => {
    const doc = page(table(['Forename', 'Surname'], [['Grace', 'Adams']]));

    const [hit] = splitNames(doc, []);

    expect(hit?.el.textContent).toBe('Adams');
  });
});
