import { categorise } from '../../../utils/attendance/codes';
import type { Session } from '../../../utils/registers/schema';
import { schoolWeek } from '../school';
import {
  DEMO_BANNER,
  OPTION_TEXT,
  esc,
  initials,
  longDate,
  markClass,
  markTitle,
  shortDay,
  ukDate,
  type RegisterView,
} from './common';

/**
 * Layout A: a SIMS/Bromcom-style week view, modelled on the `week-table-codes` fixture (an
 * ASP.NET WebForms grid): a two-row header, past marks as code letters, today's session as one
 * select per pupil, and a "Save register" postback.
 */

export const TABLE_STYLES = `
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "Segoe UI", Roboto, Arial, sans-serif; font-size: 13px; color: #1f2933; background: #eef1f5; }
  a { color: #1b5fa8; }
  .demo-banner { margin: 0; padding: 4px 18px; background: #fff4d6; color: #5c4400; font-size: 12px; }
  .app-header { display: flex; align-items: center; justify-content: space-between; background: #0e3a63; color: #fff; height: 52px; padding: 0 18px; }
  .app-header .brand { display: flex; align-items: center; gap: 10px; font-size: 16px; font-weight: 600; }
  .brand-logo { width: 30px; height: 30px; border-radius: 6px; background: linear-gradient(135deg, #5fb85a, #1f7a46); display: inline-block; }
  .brand small { font-weight: 400; opacity: .85; font-size: 12px; }
  .header-search input { width: 280px; padding: 6px 10px; border-radius: 4px; border: 0; font-size: 13px; }
  .user-menu { display: flex; align-items: center; gap: 10px; }
  .main-nav { background: #164d80; }
  .main-nav ul { list-style: none; margin: 0; padding: 0 10px; display: flex; }
  .main-nav li a { display: block; padding: 10px 14px; color: #e8f0f9; text-decoration: none; }
  .main-nav li.active a { background: #eef1f5; color: #0e3a63; font-weight: 600; border-radius: 4px 4px 0 0; }
  .page { padding: 12px 20px 30px; }
  .breadcrumb { list-style: none; padding: 0; margin: 0 0 8px; display: flex; gap: 6px; font-size: 12px; color: #4a5766; }
  .breadcrumb li + li::before { content: "\\203A"; margin-right: 6px; }
  h1.page-title { font-size: 20px; margin: 4px 0 12px; font-weight: 600; }
  .layout { display: grid; grid-template-columns: 1fr 290px; gap: 16px; align-items: start; }
  .panel { background: #fff; border: 1px solid #d5dbe3; border-radius: 4px; }
  .panel-h { padding: 8px 12px; border-bottom: 1px solid #e3e7ec; font-weight: 600; background: #f7f9fb; }
  .panel-b { padding: 10px 12px; }
  .filters { display: flex; flex-wrap: wrap; gap: 14px; align-items: flex-end; padding: 10px 12px; }
  .filters label { display: block; font-size: 11px; color: #4a5766; margin-bottom: 3px; text-transform: uppercase; letter-spacing: .03em; }
  .filters select, .filters input { padding: 5px 6px; border: 1px solid #8d99a6; border-radius: 3px; font-size: 13px; }
  .btn { border: 1px solid #8d99a6; background: #fff; padding: 6px 12px; border-radius: 3px; font-size: 13px; cursor: pointer; }
  .btn-success { background: #256b34; color: #fff; border-color: #1d5429; }
  .alert { padding: 8px 12px; border-radius: 3px; margin: 0 0 10px; }
  .alert-info { background: #e6f1fb; border: 1px solid #b6d4f2; color: #124a7f; }
  .alert-success { background: #e3f4e6; border: 1px solid #a9d8b3; color: #1d5429; font-weight: 600; }
  .register-status { margin: 0 0 10px; font-size: 13px; }
  .register-status.taken { color: #1d5429; }
  .register-status.not-taken { color: #8a4b00; }
  .toolbar { display: flex; gap: 8px; padding: 8px 12px; border-bottom: 1px solid #e3e7ec; align-items: center; }
  .toolbar .spacer { flex: 1; }
  .RadGrid { overflow-x: auto; }
  table.rgMasterTable { border-collapse: collapse; width: 100%; }
  .rgMasterTable th, .rgMasterTable td { border: 1px solid #dde3ea; padding: 4px 6px; }
  .rgHeader { background: #f0f3f7; font-weight: 600; font-size: 12px; text-align: center; }
  .rgHeader.left { text-align: left; }
  .rgCurrentDay, th.rgCurrentCol { background: #fff4d6; }
  td.rgCurrentCol { background: #fffbea; }
  .rgAltRow td { background-color: #fafbfc; }
  td.mk { text-align: center; font-family: Consolas, "Courier New", monospace; font-size: 14px; width: 42px; }
  td.mk-future { background: repeating-linear-gradient(45deg, #f6f7f9, #f6f7f9 4px, #eef0f3 4px, #eef0f3 8px) !important; }
  td.mk-closed { background: #eceff3 !important; }
  .mk-p { color: #22672f; }
  .mk-a { color: #7a4500; font-weight: 700; background: #fff1dc !important; }
  .mk-u { color: #9c1f18; font-weight: 700; background: #fde8e6 !important; }
  .mk-aea { color: #4b2fa8; font-weight: 700; }
  .mk-x { color: #4a5766; }
  .mk-missing { color: #5f6b78; }
  select.mark-ddl { font-size: 12px; padding: 2px; width: 150px; }
  select.mark-ddl--empty { border: 1px solid #c0392b; background: #fff6f5; }
  .avatar { display: inline-flex; width: 26px; height: 26px; border-radius: 50%; background: #c9d6e3; color: #24313f; font-size: 10px; align-items: center; justify-content: center; font-weight: 700; }
  .col-name { white-space: nowrap; }
  .col-adno { color: #4a5766; font-size: 12px; }
  .pflag { display: inline-block; font-size: 9px; padding: 1px 4px; border-radius: 3px; margin-right: 2px; color: #fff; font-weight: 700; }
  .pflag-pp { background: #6b3fa0; } .pflag-sen { background: #9a4d00; } .pflag-ehcp { background: #7a2e00; }
  .col-att { text-align: right; font-weight: 600; white-space: nowrap; }
  .att-red { color: #9c1f18; } .att-amber { color: #7a4500; } .att-green { color: #22672f; }
  .rgFooter td { background: #eef2f6; font-weight: 600; font-size: 12px; text-align: center; }
  .rgFooter td.lbl { text-align: right; }
  table.code-key { border-collapse: collapse; width: 100%; font-size: 12px; }
  table.code-key td { padding: 3px 6px; border-bottom: 1px solid #eef0f3; }
  .key-code { font-family: Consolas, monospace; font-weight: 700; width: 34px; text-align: center; }
  table.notices { border-collapse: collapse; width: 100%; font-size: 12px; }
  table.notices th, table.notices td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #eef0f3; vertical-align: top; }
  .app-footer { padding: 14px 20px; font-size: 11px; color: #4a5766; border-top: 1px solid #d5dbe3; background: #fff; display: flex; justify-content: space-between; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;

const OPTION_ORDER = [
  'L',
  'U',
  'N',
  'I',
  'M',
  'C',
  'R',
  'T',
  'E',
  'G',
  'O',
  'B',
  'K',
  'P',
  'V',
  'W',
  'J1',
  'C1',
  'C2',
  'S',
  'D',
  'Q',
  'Y1',
  'Y2',
  'Y7',
  'X',
  '#',
];

function markSelect(
  ctl: string,
  label: string,
  value: string,
  session: Session,
  disabled = false,
): string {
  const present = session === 'AM' ? '/' : '\\';
  const options: [string, string][] = [
    ['', '-'],
    [present, `${present} Present`],
    ...OPTION_ORDER.map((code): [string, string] => [code, OPTION_TEXT[code]!]),
  ];
  if (value && !options.some(([v]) => v === value)) options.push([value, value]);
  const html = options
    .map(
      ([v, text]) =>
        `<option value="${esc(v)}"${v === value ? ' selected="selected"' : ''}>${esc(text)}</option>`,
    )
    .join('');
  const name = `ctl00$cphMain$grdRegister$${ctl}$ddlMark`;
  return `<select id="ctl00_cphMain_grdRegister_${ctl}_ddlMark" name="${esc(name)}" class="rcbInput mark-ddl${value ? '' : ' mark-ddl--empty'}" aria-label="${esc(label)}"${disabled ? ' disabled' : ''}>${html}</select>`;
}

const attClass = (pct: number | null) =>
  pct === null ? '' : pct < 90 ? 'att-red' : pct < 95 ? 'att-amber' : 'att-green';

function flags(view: RegisterView, i: number): string {
  const tags = view.pupils[i]!.tags;
  return [
    tags.includes('fsm') ? '<span class="pflag pflag-pp" title="Pupil premium">PP</span>' : '',
    tags.includes('ehcp')
      ? '<span class="pflag pflag-ehcp" title="Education, health and care plan">EHCP</span>'
      : tags.includes('send')
        ? '<span class="pflag pflag-sen" title="SEN support">SEN</span>'
        : '',
  ].join('');
}

/** The sessions a week view offers in its "Take register for" picker. */
function sessionChoices(view: RegisterView): { date: string; session: Session }[] {
  const week = schoolWeek(view.date).filter((d) => view.hasSessions(d));
  return week.flatMap((date) => (['AM', 'PM'] as const).map((session) => ({ date, session })));
}

export function renderTablePage(view: RegisterView): string {
  const { school, form, pupils, date, session } = view;
  const week = schoolWeek(date);
  const slots = week.flatMap((d) => (['AM', 'PM'] as const).map((s) => ({ date: d, session: s })));
  const current = slots.findIndex((s) => s.date === date && s.session === session);
  const path = `/register/table/${encodeURIComponent(form.id)}?date=${date}&amp;session=${session}`;
  const headerDays = week
    .map(
      (d) =>
        `<th colspan="2" class="rgHeader day${d === date ? ' rgCurrentDay' : ''}" scope="colgroup">${esc(shortDay(d))}</th>`,
    )
    .join('');
  const headerSessions = slots
    .map(
      (s, i) =>
        `<th class="rgHeader sess${i === current ? ' rgCurrentCol' : ''}" scope="col">${s.session}</th>`,
    )
    .join('');

  const presentCounts = slots.map(() => ({ present: 0, possible: 0 }));
  let unmarked = 0;
  const rows = pupils
    .map((pupil, i) => {
      const ctl = `ctl${String(i + 4).padStart(2, '0')}`;
      const cells = slots
        .map((slot, s) => {
          if (!view.hasSessions(slot.date)) {
            return `<td class="mk mk-closed" title="No session: school closed"></td>`;
          }
          if (s > current) return `<td class="mk mk-future"></td>`;
          const mark = view.mark(pupil, slot.date, slot.session) ?? '';
          const category = categorise(mark, slot.date);
          if (category === 'present' || category === 'aea') presentCounts[s]!.present++;
          if (category !== 'not-possible' && category !== 'unmarked' && category !== 'unknown') {
            presentCounts[s]!.possible++;
          }
          if (s === current) {
            if (!mark) unmarked++;
            const label = `Mark for ${pupil.surname}, ${pupil.forename}, ${shortDay(slot.date)} ${slot.session}`;
            return `<td class="mk mk-edit rgCurrentCol">${markSelect(ctl, label, mark, slot.session)}</td>`;
          }
          const shown = mark || '-';
          return `<td class="mk ${markClass(mark, slot.date)}" title="${esc(markTitle(mark, slot.date))}">${esc(shown)}</td>`;
        })
        .join('');
      const att = view.attendance(pupil);
      const pct = att.pct === null ? '–' : `${att.pct.toFixed(1)}%`;
      return `
        <tr class="${i % 2 ? 'rgAltRow' : 'rgRow'}" id="ctl00_cphMain_grdRegister_ctl00__${i}" data-pupil-id="${esc(pupil.id)}">
          <td class="col-photo"><span class="avatar" aria-hidden="true">${esc(initials(pupil))}</span></td>
          <td class="col-name"><a class="pupil-link" href="/Students/StudentProfile.aspx?StudentId=${esc(pupil.id)}&amp;tab=attendance">${esc(`${pupil.surname}, ${pupil.forename}`)}</a>
            <input type="hidden" name="ctl00$cphMain$grdRegister$${ctl}$hfStudentId" id="ctl00_cphMain_grdRegister_${ctl}_hfStudentId" value="${esc(pupil.id)}"></td>
          <td class="col-adno">${esc(pupil.id)}</td>
          <td class="col-flags">${flags(view, i)}</td>
          ${cells}
          <td class="col-att ${attClass(att.pct)}" title="Attendance ${ukDate(att.from)} to ${ukDate(att.to)}">${pct}</td>
        </tr>`;
    })
    .join('');
  const footer = slots
    .map((s, i) =>
      i > current || !view.hasSessions(s.date)
        ? '<td class="tot"></td>'
        : `<td class="tot">${presentCounts[i]!.present}/${pupils.length}</td>`,
    )
    .join('');
  const allPct = pupils.map((p) => view.attendance(p).pct).filter((p): p is number => p !== null);
  const meanPct = allPct.length ? allPct.reduce((a, b) => a + b, 0) / allPct.length : null;

  const groupOptions = school.forms
    .filter((f) => f.year === form.year)
    .map(
      (f) =>
        `<option value="${esc(f.id)}"${f === form ? ' selected="selected"' : ''}>${esc(f.id)}</option>`,
    )
    .join('');
  const sessionOptions = sessionChoices(view)
    .map(
      (c) =>
        `<option value="${c.date}|${c.session}"${c.date === date && c.session === session ? ' selected="selected"' : ''}>${esc(shortDay(c.date))}/${c.date.slice(0, 4)} ${c.session}</option>`,
    )
    .join('');
  const status = view.taken
    ? `<p class="register-status taken" id="register-status" data-register-taken="true">Register taken at ${esc(view.taken.at)} by ${esc(view.taken.by)}.</p>`
    : `<p class="register-status not-taken" id="register-status" data-register-taken="false">Not yet taken.</p>`;
  const saved = view.justSaved
    ? `<div class="alert alert-success" role="status" id="ctl00_cphMain_pnlSaved">Register saved. ${esc(form.id)} ${session} register for ${esc(longDate(date))}.</div>`
    : '';
  const keyRows = [
    ['/', 'Present (AM)'],
    ['\\', 'Present (PM)'],
    ['L', 'Late before register closed'],
    ['U', 'Late after register closed'],
    ['N', 'No reason yet provided'],
    ['I', 'Illness'],
    ['M', 'Medical / dental appointment'],
    ['C', 'Other authorised circumstances'],
    ['C2', 'Part-time timetable'],
    ['G', 'Holiday not agreed'],
    ['O', 'Other unauthorised absence'],
    ['V', 'Educational visit or trip'],
    ['D', 'Dual registered'],
    ['#', 'School closed'],
    ['-', 'No mark recorded'],
  ]
    .map(([c, t]) => `<tr><td class="key-code">${esc(c!)}</td><td>${esc(t!)}</td></tr>`)
    .join('');

  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Take Register - ${esc(form.id)} - ${esc(school.name)}</title>
<style>${TABLE_STYLES}</style>
</head>
<body class="theme-blue">
${DEMO_BANNER}
<header class="app-header" id="ctl00_hdrMain">
  <div class="brand"><span class="brand-logo" aria-hidden="true"></span><span>${esc(school.name)} <small>| Oakfield Learning Trust</small></span></div>
  <div class="header-search"><input type="search" id="ctl00_txtQuickSearch" name="ctl00$txtQuickSearch" placeholder="Search students, staff, groups..." aria-label="Quick search"></div>
  <div class="user-menu"><span>${esc(form.tutor)}</span></div>
</header>
<nav class="main-nav" aria-label="Main">
  <ul>
    <li><a href="/">Home</a></li>
    <li><a href="/">Students</a></li>
    <li class="active"><a href="/">Attendance</a></li>
    <li><a href="/">Behaviour</a></li>
    <li><a href="/export/marks.csv">Reports</a></li>
  </ul>
</nav>
<main class="page">
  <ol class="breadcrumb" aria-label="Breadcrumb">
    <li><a href="/">Home</a></li>
    <li><a href="/">Attendance</a></li>
    <li><a href="/">Registers</a></li>
    <li aria-current="page">Take Register</li>
  </ol>
  <h1 class="page-title">Take Register: <span id="ctl00_cphMain_lblGroup">${esc(form.id)}</span></h1>
  <div class="layout">
  <div>
    <form class="panel" style="margin-bottom:12px" method="get" action="/register/table/go">
      <div class="filters">
        <div><label for="ctl00_cphMain_ddlGroup">Registration group</label>
          <select id="ctl00_cphMain_ddlGroup" name="form">${groupOptions}</select></div>
        <div><label for="ctl00_cphMain_ddlSession">Take register for</label>
          <select id="ctl00_cphMain_ddlSession" name="slot">${sessionOptions}</select></div>
        <div><button type="submit" class="btn" id="ctl00_cphMain_btnLoad">Load</button></div>
      </div>
    </form>
    ${saved}
    <div class="alert alert-info" id="ctl00_cphMain_pnlInfo">You are taking the <strong>${session}</strong> register for <strong>${esc(longDate(date))}</strong>. The register closes at ${session === 'AM' ? '09:10' : '13:55'}.</div>
    ${status}
    <form method="post" action="${path}" id="aspnetForm">
    <input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="demo-${esc(form.id)}-${date}-${session}">
    <input type="hidden" name="ctl00$cphMain$hfDate" value="${date}">
    <input type="hidden" name="ctl00$cphMain$hfSession" value="${session}">
    <div class="panel">
      <div class="toolbar">
        <button type="button" class="btn" id="ctl00_cphMain_btnAllPresent">Mark all present</button>
        <span class="spacer"></span>
        <span class="unmarked-count" id="ctl00_cphMain_lblUnmarked">${unmarked} unmarked</span>
        <button type="submit" class="btn btn-success" name="ctl00$cphMain$btnSave" id="ctl00_cphMain_btnSave">Save register</button>
      </div>
      <div id="ctl00_cphMain_grdRegister" class="RadGrid RadGrid_Office2010Blue">
      <table class="rgMasterTable" id="ctl00_cphMain_grdRegister_ctl00">
        <caption class="sr-only">${esc(form.id)} attendance, week beginning ${esc(longDate(week[0]!))}</caption>
        <thead>
          <tr>
            <th rowspan="2" class="rgHeader" scope="col"><span class="sr-only">Photo</span></th>
            <th rowspan="2" class="rgHeader left" scope="col">Name</th>
            <th rowspan="2" class="rgHeader" scope="col">Adm No</th>
            <th rowspan="2" class="rgHeader" scope="col">Flags</th>
            ${headerDays}
            <th rowspan="2" class="rgHeader" scope="col" title="Attendance this academic year">Att %</th>
          </tr>
          <tr>${headerSessions}</tr>
        </thead>
        <tbody>
        <tr class="rgRow reg-row-template" id="ctl00_cphMain_grdRegister_tplRow" style="display:none" data-template="true">
          <td class="col-photo"><span class="avatar">{{initials}}</span></td>
          <td class="col-name"><a class="pupil-link" href="#">{{Surname}}, {{Forename}}</a></td>
          <td class="col-adno">{{AdmissionNo}}</td>
          <td class="col-flags"></td>
          ${slots.map((_, s) => (s === current ? `<td class="mk mk-edit">${markSelect('tpl', 'Template', '', session, true)}</td>` : '<td class="mk"></td>')).join('')}
          <td class="col-att">0.0%</td>
        </tr>${rows}
        </tbody>
        <tfoot>
          <tr class="rgFooter">
            <td colspan="4" class="lbl">Present / possible</td>
            ${footer}
            <td class="tot">${meanPct === null ? '' : `${meanPct.toFixed(1)}%`}</td>
          </tr>
        </tfoot>
      </table>
      </div>
      <div class="toolbar" style="border-top:1px solid #e3e7ec;border-bottom:0">
        <span class="spacer"></span>
        <button type="submit" class="btn btn-success" name="ctl00$cphMain$btnSave2" id="ctl00_cphMain_btnSave2">Save register</button>
      </div>
    </div>
    </form>
  </div>
  <aside>
    <section class="panel" style="margin-bottom:12px" aria-labelledby="key-h">
      <h2 class="panel-h" id="key-h" style="margin:0;font-size:13px">Key</h2>
      <div class="panel-b"><table class="code-key" id="ctl00_cphMain_tblKey"><tbody>${keyRows}</tbody></table></div>
    </section>
    <section class="panel" aria-labelledby="notices-h">
      <h2 class="panel-h" id="notices-h" style="margin:0;font-size:13px">Staff notices</h2>
      <div class="panel-b">
        <table class="notices" id="ctl00_cphMain_grdNotices">
          <thead><tr><th scope="col">Date</th><th scope="col">From</th><th scope="col">Notice</th></tr></thead>
          <tbody>
            <tr><td>${ukDate(date)}</td><td>Attendance Office</td><td>Please chase all N codes by 10:00. Late gate closes 08:50.</td></tr>
            <tr><td>${ukDate(week[0]!)}</td><td>Pastoral team</td><td>Year ${form.year} assembly on Thursday. Tutors please remind forms.</td></tr>
          </tbody>
        </table>
      </div>
    </section>
  </aside>
  </div>
</main>
<footer class="app-footer">
  <span>${esc(school.name)}: a synthetic school for the Register Lens demo.</span>
  <span><a href="/">All registers</a> &middot; <a href="/export/marks.csv?form=${encodeURIComponent(form.id)}">Export ${esc(form.id)} marks (CSV)</a></span>
</footer>
<script>
(function () {
  'use strict';
  var present = ${JSON.stringify(session === 'AM' ? '/' : '\\')};
  function update() {
    var left = 0;
    document.querySelectorAll('select.mark-ddl:not([disabled])').forEach(function (s) {
      s.classList.toggle('mark-ddl--empty', !s.value);
      if (!s.value) left++;
    });
    var label = document.getElementById('ctl00_cphMain_lblUnmarked');
    if (label) label.textContent = left + ' unmarked';
  }
  document.getElementById('ctl00_cphMain_btnAllPresent').addEventListener('click', function () {
    document.querySelectorAll('select.mark-ddl:not([disabled])').forEach(function (s) {
      if (!s.value) s.value = present;
    });
    update();
  });
  document.addEventListener('change', function (e) {
    if (e.target && e.target.matches && e.target.matches('select.mark-ddl')) update();
  });
})();
</script>
</body>
</html>
`;
}
