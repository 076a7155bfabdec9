import { describe, expect, it } from 'vitest';
import { labelMap } from '../../../utils/registers/generic/labels';
import { NO_LEGEND } from '../../../utils/registers/generic/legend';
import { readPerson } from '../../../utils/registers/generic/person';
import { page } from './dom';

describe('one-pupil screens', () => {
  it('should read the picked pupil, today from the form and the log as the same record', () => {
    const doc = page(`<form><label for="s">Student</label>
      <select id="s"><option value="">Select</option><option value="7" selected>Okoro, Ada (9C)</option></select>
      <input type="date" value="2026-03-06">
      <select name="type"><option>Present</option><option selected>Late</option><option>Absent</option></select></form>
      <table><tbody><tr><td>06/03/2026</td><td>Present</td></tr><tr><td>05/03/2026</td><td>Absent</td></tr></tbody></table>`);
    const r = readPerson(doc, 'https://x.example/', {}, NO_LEGEND, () => labelMap(doc));
    expect(r?.reading.group).toBe('9C');
    expect(r?.reading.pupils).toEqual([
      {
        key: 'id:7',
        name: 'Okoro, Ada',
        marks: [
          { date: '2026-03-05', session: 'AM', raw: 'Absent', code: 'N', editable: false },
          { date: '2026-03-06', session: 'AM', raw: 'Late', code: 'L', editable: true },
        ],
      },
    ]);
  });

  it.each([['name="gibbonPersonID"'], ['id="StudentPicker"'], ['aria-label="Choose a learner"']])(
    'should find a picker named by its own %s, with no label',
    (attr) => {
      const doc =
        page(`<form><select ${attr}><option value="">Select</option><option value="7" selected>Okoro, Ada</option></select>
      <input type="date" value="2026-03-06">
      <select name="type"><option>Present</option><option selected>Late</option><option>Absent</option></select></form>`);
      const r = readPerson(doc, 'https://x.example/', {}, NO_LEGEND, () => labelMap(doc));
      expect(r?.reading.pupils.map((p) => [p.key, p.name])).toEqual([['id:7', 'Okoro, Ada']]);
    },
  );

  it('should leave a page without a chosen pupil to the register reader', () => {
    const doc = page(
      '<label for="s">Student</label><select id="s"><option value="" selected>Select</option><option value="7">Okoro, Ada</option></select>',
    );
    expect(readPerson(doc, 'https://x.example/', {}, NO_LEGEND, () => labelMap(doc))).toBeNull();
  });
});
