import { describe, expect, it } from 'vitest';
import { takenStatement } from '../../utils/registers/context';
import { readRegister } from '../../utils/registers/read';
import { parsePage } from './helpers';

describe('what a status line says about the register being taken', () => {
  it.each([
    ['Register taken at 08:52 by Ms Example.', true],
    ['Taken by Ms Example at 08:52', true],
    ['Taken at 08:52 by Ms Example', true],
    ['Attendance saved', true],
    ['Marks saved at 08:52', true],
    ['AM register taken', true],
    ['Attendance has been taken at the following times for the specified date', true],
    ['Register submitted by Mr Sample', true],
    ['Last saved by Mr D. Harcourt at 08:40', true],
    ['Status: Taken at 08:52', true],
    ['Not yet taken.', false],
    ['Register not taken', false],
    ['Not submitted', false],
    ['Unsaved changes', false],
    ['Attendance has not been taken for this group yet for the specified date.', false],
    ['This register has not been submitted', false],
    ['Status: Not taken', false],
    ['Registers to be taken on the field.', null],
    ['The register closes at 09:10', null],
    ['Please chase all N codes by 10:00.', null],
    ['Present 20', null],
  ])('should read "%s" as %s', (sentence, want) => {
    expect(takenStatement(sentence)).toBe(want);
  });
});

const PUPILS = ['Ava Example', 'Ben Sample', 'Cara Tester'];

/** A 9R AM register whose every select is prefilled "Present", with `status` near it. */
function registerPage({ status = '', aside = '' }: { status?: string; aside?: string }): string {
  const rows = PUPILS.map(
    (name, i) =>
      `<tr data-pupil-id="P${i}"><td>${name}</td><td><select aria-label="Mark for ${name}">` +
      '<option value="">-</option><option value="/" selected>/ Present</option>' +
      '<option value="L">L Late</option><option value="N">N No reason yet</option></select></td></tr>',
  ).join('');
  return `<!DOCTYPE html><html lang="en-GB"><head><title>Register</title></head><body>
<main><h1>Take Register: 9R</h1>
<p>You are taking the AM register for Wednesday 21 January 2026.</p>
${status}
<table id="register"><thead><tr><th>Name</th><th>Wed 21/01 AM</th></tr></thead>
<tbody>${rows}</tbody></table>
${aside}
</main></body></html>`;
}

function takenOn(html: string): boolean | null | undefined {
  const result = readRegister(parsePage(html), 'https://mis.example/register');
  return result.ok ? result.reading.taken : undefined;
}

describe('where the page says whether the register was taken', () => {
  it.each([
    [
      'a status line under the heading',
      '<p class="status">Register taken at 08:52 by Ms Example.</p>',
      true,
    ],
    ['a status line naming who took it first', '<p>Taken by Ms Example at 08:52</p>', true],
    ['a status line saying it is not yet taken', '<p>Not yet taken.</p>', false],
    ['an unsaved-changes flag', '<span class="dirty">Unsaved changes</span>', false],
    ['nothing at all', '', null],
    [
      'a toast for another group',
      '<div role="status">AM register for 10B saved at 08:52</div>',
      null,
    ],
    ['an alert region', '<div role="alert">Register taken at 08:52</div>', null],
    [
      'a status for another date and session',
      '<p>Last saved by Mr D. Harcourt on 20/01/2026 at 13:22 (PM register).</p>',
      null,
    ],
    ['a status naming another group', '<p>Taken at 08:52 (10B)</p>', null],
    ['a hidden flag', '<span style="display:none">Unsaved changes</span>', null],
  ])('should read %s', (_what, status, want) => {
    expect(takenOn(registerPage({ status }))).toBe(want);
  });

  it('should not take a notices table for the register status', () => {
    const aside = `<aside><table class="notices"><tbody>
      <tr><td>21/01/2026</td><td>Register not taken by 09:10 will be chased.</td></tr>
      <tr><td>20/01/2026</td><td>Attendance saved to the archive.</td></tr></tbody></table></aside>`;

    expect(takenOn(registerPage({ aside }))).toBeNull();
  });

  it('should prefer the status next to the register over text further out', () => {
    const html = registerPage({ status: '<p>Not yet taken.</p>' }).replace(
      '<main>',
      '<header><p>Register taken at 08:10 by Ms Example.</p></header><main>',
    );

    expect(takenOn(html)).toBe(false);
  });
});
