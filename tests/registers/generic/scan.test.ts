import { describe, expect, it } from 'vitest';
import { cellOfControl, scanRow } from '../../../utils/registers/generic/scan';
import { one, page } from './dom';

describe('scanning one row', () => {
  it('should find cells, selects and labelled icons, and leave hidden cells out', () => {
    const doc = page(
      '<table><tr><td>Ada Lovelace</td><td><select><option>/</option></select></td><td><svg role="img" aria-label="Present"></svg></td><td hidden>N</td></tr></table>',
    );
    const scan = scanRow(one(doc, 'tr'), 'table');
    expect(scan.cells.map((c) => c.col)).toEqual([0, 1, 2, 3]);
    expect(scan.cells[3]!.hidden).toBe(true);
    expect(scan.selects).toHaveLength(1);
    expect(scan.labelled.map((l) => l.tag)).toEqual(['svg'.toUpperCase()]);
  });

  it('should find a grid row’s cells inside role-less wrappers, by aria-colindex where given, and each toggle’s cell', () => {
    const doc = page(`<div role="row">
      <div role="rowheader">Ada Lovelace</div>
      <div><div role="gridcell"><div role="group" aria-label="Mark">
        <button aria-pressed="true">Present</button><button aria-pressed="false">Late</button>
      </div></div></div>
      <div role="gridcell" aria-colindex="5">/</div>
      <div role="group"><div role="gridcell">not a cell of the row</div></div>
    </div>`);
    const scan = scanRow(one(doc, '[role=row]'), 'grid');
    expect(
      scan.cells.map((c) => [c.cell.textContent!.replace(/\s+/g, '').slice(0, 11), c.col]),
    ).toEqual([
      ['AdaLovelace', 0],
      ['PresentLate', 1],
      ['/', 4],
    ]);
    expect(scan.toggles.map((t) => cellOfControl(scan, t)?.col)).toEqual([1, 1]);
  });

  it('should mark a row holding column headers as a header row', () => {
    const doc = page('<div role="row"><div role="columnheader">Name</div></div>');
    expect(scanRow(one(doc, '[role=row]'), 'grid').header).toBe(true);
  });
});
