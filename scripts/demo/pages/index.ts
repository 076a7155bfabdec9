import type { DemoSchool } from '../school';
import { DEMO_BANNER, esc, longDate } from './common';

/** `/`: every form, with a link to its register in each layout. */
export function renderIndexPage(school: DemoSchool, taken: (form: string) => boolean): string {
  const years = [...new Set(school.forms.map((f) => f.year))];
  const sections = years
    .map((year) => {
      const rows = school.forms
        .filter((f) => f.year === year)
        .map(
          (f) => `
          <tr>
            <th scope="row">${esc(f.id)}</th>
            <td>${esc(f.tutor)}</td>
            <td>${f.pupilIds.length}</td>
            <td>${taken(f.id) ? 'Taken' : 'Not yet taken'}</td>
            <td><a href="/register/table/${encodeURIComponent(f.id)}">${esc(f.id)} week view</a></td>
            <td><a href="/register/grid/#group=${encodeURIComponent(f.id)}">${esc(f.id)} live register</a></td>
            <td><a href="/export/marks.csv?form=${encodeURIComponent(f.id)}">${esc(f.id)} marks (CSV)</a></td>
          </tr>`,
        )
        .join('');
      return `
      <section aria-labelledby="year-${year}">
        <h2 id="year-${year}">Year ${year}</h2>
        <table>
          <thead><tr><th scope="col">Form</th><th scope="col">Tutor</th><th scope="col">Pupils</th><th scope="col">AM register</th><th scope="col" colspan="2">Registers</th><th scope="col">Export</th></tr></thead>
          <tbody>${rows}</tbody>
        </table>
      </section>`;
    })
    .join('');
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Registers - ${esc(school.name)}</title>
<style>
  body { margin: 0; font-family: "Segoe UI", Roboto, Arial, sans-serif; font-size: 14px; color: #1f2933; background: #f5f7f8; }
  .demo-banner { margin: 0; padding: 4px 18px; background: #fff4d6; color: #5c4400; font-size: 12px; }
  header { background: #0e3a63; color: #fff; padding: 14px 24px; }
  header h1 { margin: 0; font-size: 20px; }
  header p { margin: 4px 0 0; }
  main { padding: 8px 24px 32px; max-width: 1100px; }
  table { border-collapse: collapse; width: 100%; background: #fff; margin-bottom: 8px; }
  th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #dde3ea; }
  thead th { background: #f0f3f7; font-size: 12px; }
  a { color: #1b5fa8; }
  h2 { font-size: 16px; margin: 20px 0 8px; }
</style>
</head>
<body>
${DEMO_BANNER}
<header>
  <h1>${esc(school.name)}: registers</h1>
  <p>${esc(longDate(school.today))}. ${school.pupils.length} pupils in ${school.forms.length} forms.</p>
</header>
<main>
  <p>Open a form's register in either layout. <a href="/export/marks.csv">Download the whole school's marks so far (CSV)</a>.</p>
  ${sections}
</main>
</body>
</html>
`;
}
