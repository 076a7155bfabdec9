import { describe, expect, it } from 'vitest';
import { readGeneric } from '../../../utils/registers/generic';
import { hiddenClasses } from '../../../utils/registers/generic/skipped';
import { page } from './dom';

const STYLE = '<style>.tpl { display: none } @media print { .noprint { display: none } }</style>';
const body = `<h1>Register 7B, Mon 2 March 2026 AM</h1><table><thead><tr><th>Name</th><th>Mark</th></tr></thead><tbody>
  <tr class="tpl"><td>Sample Pupil</td><td>/</td></tr>
  <tr><td>Ada Lovelace</td><td>/</td></tr>
  <tr><th>Name</th><th>Mark</th></tr>
  <tr class="noprint"><td>Alan Turing</td><td>N</td></tr>
  <tr><td>Totals</td><td>1/2</td></tr></tbody></table>`;

describe('rows that are not pupils', () => {
  it('should take the classes the stylesheet hides on screen, not in print', () => {
    expect([...hiddenClasses(page('', STYLE))]).toEqual(['tpl']);
  });

  it('should read no extra pupil and name each skipped row in a warning', () => {
    const r = readGeneric(page(body, STYLE), 'https://x.example/');
    expect(r.ok && r.reading.pupils.map((p) => p.name)).toEqual(['Ada Lovelace', 'Alan Turing']);
    const warnings = r.ok ? r.reading.warnings.join('\n') : '';
    expect(warnings).toContain('a hidden template row');
    expect(warnings).toContain('a repeated header row');
    expect(warnings).toContain('"Totals", not a pupil');
  });
});
