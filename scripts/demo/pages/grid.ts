import { readFileSync } from 'node:fs';
import { categorise } from '../../../utils/attendance/codes';
import type { Session } from '../../../utils/registers/schema';
import type { DemoForm, DemoPupil, DemoSchool } from '../school';
import { DEMO_BANNER, dayMarkLabel, esc, longDate, scriptJson } from './common';

/**
 * Layout B: an Arbor-style single-page app, modelled on the `aria-grid-spa` fixture. The HTML is
 * a shell with a loading skeleton and the whole app state as JSON; the inline script renders an
 * ARIA grid 300 ms later and re-renders on `#group=<form>`.
 */

const CLIENT = readFileSync(new URL('./grid-client.js', import.meta.url), 'utf8');

export interface GridView {
  school: DemoSchool;
  date: string;
  session: Session;
  defaultGroup: string;
  /** The five marked days before the register date, oldest first. */
  historyDays: string[];
  mark(pupil: DemoPupil, date: string, session: Session): string | undefined;
  taken(form: DemoForm): { at: string; by: string } | null;
  attendance(pupil: DemoPupil): number | null;
}

/** Status keys as the app's API names them, e.g. "ABSENT:I". */
export function statusKey(code: string | undefined, date: string): string {
  if (!code || code === '-') return 'NONE';
  if (code === '/' || code === '\\') return 'PRESENT';
  if (code === 'L') return 'LATE';
  if (code === 'U') return 'LATE:U';
  if (code === '#') return 'CLOSED:#';
  switch (categorise(code, date)) {
    case 'aea':
      return `AEA:${code}`;
    case 'not-possible':
      return `NP:${code}`;
    default:
      return `ABSENT:${code}`;
  }
}

/** Today's toggle state for a code already on the register (pre-entered or saved). */
function todayState(code: string | undefined, date: string) {
  if (!code) return null;
  if (code === '/' || code === '\\') return { status: 'PRESENT', code: null, minutesLate: null };
  if (code === 'L' || code === 'U') return { status: 'LATE', code, minutesLate: null };
  if (categorise(code, date) === 'aea') return { status: 'PRESENT', code, minutesLate: null };
  return { status: 'ABSENT', code, minutesLate: null };
}

export const REASONS: Record<string, string> = {
  L: 'L - Late (before registers closed)',
  U: 'U - Late (after registers closed)',
  N: 'N - No reason yet provided',
  I: 'I - Illness (NOT medical or dental appointments)',
  M: 'M - Medical/Dental appointments',
  C: 'C - Authorised absence (exceptional circumstances)',
  O: 'O - Unauthorised absence (not covered by any other code)',
  G: 'G - Holiday not agreed',
  C2: 'C2 - Part-time timetable (agreed)',
  R: 'R - Religious observance',
  T: 'T - Parent travelling for work',
  E: 'E - Suspended or excluded (no alternative provision)',
  S: 'S - Study leave',
  J1: 'J1 - Interview',
  C1: 'C1 - Regulated performance or employment abroad',
  D: 'D - Dual registered (at another school)',
  X: 'X - Not required to attend',
  Q: 'Q - No access arrangements',
  Y7: 'Y7 - Unable to attend (other unavoidable cause)',
  V: 'V - Educational visit or trip',
  B: 'B - Other approved educational activity',
  P: 'P - Approved sporting activity',
  K: 'K - Provision arranged by the local authority',
  W: 'W - Work experience',
};

export function renderGridPage(view: GridView): string {
  const { school, date, session } = view;
  const labels: Record<string, string> = {};
  const groups: Record<string, unknown> = {};
  const taken: Record<string, { at: string; by: string } | null> = {};
  const byId = new Map(school.pupils.map((p) => [p.id, p]));
  school.forms.forEach((form, f) => {
    taken[form.id] = view.taken(form);
    groups[form.id] = {
      id: f + 1,
      year: form.year,
      tutor: form.tutor,
      room: form.room,
      students: form.pupilIds.map((id) => {
        const pupil = byId.get(id)!;
        const week = view.historyDays.flatMap((d) =>
          (['AM', 'PM'] as const).map((s) => {
            const key = statusKey(view.mark(pupil, d, s), d);
            labels[key] ??= dayMarkLabel(key);
            return key;
          }),
        );
        return {
          id: pupil.id,
          firstName: pupil.forename,
          lastName: pupil.surname,
          preferredName: null,
          week,
          today: todayState(view.mark(pupil, date, session), date),
          attendanceYtd: view.attendance(pupil),
        };
      }),
    };
  });
  const state = {
    apiVersion: '2.31.0-demo',
    csrf: 'demo-csrf-token',
    schoolName: school.name,
    user: { id: 1, displayName: 'Demo tutor', roles: ['Tutor'] },
    session: {
      date,
      label: longDate(date),
      period: session,
      opensAt: session === 'AM' ? '08:40' : '13:25',
      closesAt: session === 'AM' ? '09:10' : '13:55',
    },
    weekDays: view.historyDays.map((d) => dayMonthLabel(d)),
    labels,
    reasons: REASONS,
    groups,
    taken,
    defaultGroup: view.defaultGroup,
  };
  const jump = school.forms
    .map((f) => `<option value="${esc(f.id)}">${esc(f.id)}</option>`)
    .join('');

  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(school.name)}</title>
<style>${GRID_STYLES}</style>
</head>
<body>
${DEMO_BANNER}
<div id="app" class="AppShell_root__1kX9" data-build="demo">
  <header class="TopBar_root__f8Qe">
    <div class="TopBar_logo__kk2"><i aria-hidden="true"></i>${esc(school.name)}</div>
    <div class="TopBar_search__7"><input type="search" placeholder="Search for a student, guardian or staff member" aria-label="Search"></div>
    <div class="TopBar_spacer"></div>
    <span class="UserMenu_root__Pq">Demo tutor</span>
  </header>
  <nav class="SideNav_root__d2" aria-label="Main navigation">
    <h2>Home</h2>
    <ul><li><a href="/">Dashboard</a></li><li><a href="/">My classes</a></li></ul>
    <h2>Attendance</h2>
    <ul><li><a href="/register/grid/" aria-current="page">Registers</a></li><li><a href="/export/marks.csv">Attendance export</a></li></ul>
  </nav>
  <main class="Main_root__3" id="main">
    <nav class="Crumbs_root" aria-label="Breadcrumb"><a href="/">Home</a><span class="sep">/</span><a href="/">Attendance</a><span class="sep">/</span><a href="/register/grid/">Registers</a><span class="sep">/</span><span id="crumb-group">&hellip;</span></nav>
    <div class="GroupBar_root">
      <nav class="GroupTabs_root__T3" id="group-tabs" aria-label="Registration groups"></nav>
      <label class="GroupJump_root">Any group <select id="group-jump">${jump}</select></label>
    </div>
    <div class="Layout_cols__Y2">
      <section class="Card_root__cA" aria-label="Register">
        <div id="register-root" aria-busy="true">
          <div class="Skeleton_root__8Jq"><div class="Skeleton_bar"></div><div class="Skeleton_bar"></div><div class="Skeleton_bar"></div><p class="Skeleton_text">Loading register&hellip;</p></div>
        </div>
      </section>
      <div>
        <section class="Card_root__cA" aria-labelledby="key-h">
          <h2 class="Card_head" id="key-h">Key</h2>
          <div class="Card_body">
            <div class="Legend_row"><svg role="img" aria-label="Present" viewBox="0 0 16 16" width="16" height="16"><circle cx="8" cy="8" r="7" fill="#2f7d57"/></svg> Present</div>
            <div class="Legend_row"><svg role="img" aria-label="Late" viewBox="0 0 16 16" width="16" height="16"><circle cx="8" cy="8" r="7" fill="#b7791f"/></svg> Late</div>
            <div class="Legend_row"><svg role="img" aria-label="Absent" viewBox="0 0 16 16" width="16" height="16"><circle cx="8" cy="8" r="7" fill="#c53030"/></svg> Absent</div>
            <div class="Legend_row"><svg role="img" aria-label="Educational activity" viewBox="0 0 16 16" width="16" height="16"><rect x="2" y="2" width="12" height="12" rx="3" fill="#6b4fbb" transform="rotate(45 8 8)"/></svg> Educational activity</div>
          </div>
        </section>
      </div>
    </div>
    <footer class="Footer_root">${esc(school.name)}: a synthetic school for the Register Lens demo.</footer>
  </main>
</div>
<div class="Toast_root__v2" id="toast" role="status" aria-live="polite" hidden></div>
<script type="application/json" id="__APP_STATE__">${scriptJson(state)}</script>
<script>
${CLIENT}
</script>
</body>
</html>
`;
}

function dayMonthLabel(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  return d.toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

const GRID_STYLES = `
  :root { --brand: #0b6e69; --brand-dark: #084f4b; --ink: #1d2939; --muted: #4d5868; --line: #d9dde3; --bg: #f5f7f8; }
  * { box-sizing: border-box; }
  html, body { margin: 0; }
  body { font-family: -apple-system, "Segoe UI", "Helvetica Neue", Arial, sans-serif; font-size: 14px; color: var(--ink); background: var(--bg); }
  .demo-banner { margin: 0; padding: 4px 18px; background: #fff4d6; color: #5c4400; font-size: 12px; }
  .AppShell_root__1kX9 { display: grid; grid-template-columns: 200px 1fr; grid-template-rows: 56px 1fr; min-height: 100vh; }
  .TopBar_root__f8Qe { grid-column: 1 / 3; display: flex; align-items: center; gap: 16px; padding: 0 18px; background: #fff; border-bottom: 1px solid var(--line); }
  .TopBar_logo__kk2 { display: flex; align-items: center; gap: 8px; font-weight: 700; color: var(--brand-dark); font-size: 15px; min-width: 190px; }
  .TopBar_logo__kk2 i { width: 26px; height: 26px; border-radius: 50%; background: conic-gradient(var(--brand) 0 70%, #f2b134 70% 100%); display: inline-block; }
  .TopBar_search__7 { flex: 1; max-width: 460px; }
  .TopBar_search__7 input { width: 100%; padding: 7px 12px; border: 1px solid var(--line); border-radius: 18px; background: var(--bg); }
  .TopBar_spacer { flex: 1; }
  .SideNav_root__d2 { background: var(--brand-dark); color: #e3f2f0; padding: 14px 0; }
  .SideNav_root__d2 h2 { font-size: 11px; text-transform: uppercase; letter-spacing: .08em; margin: 14px 18px 6px; color: #cfe7e4; }
  .SideNav_root__d2 ul { list-style: none; margin: 0; padding: 0; }
  .SideNav_root__d2 a { display: block; padding: 7px 18px; color: #fff; text-decoration: none; font-size: 13px; }
  .SideNav_root__d2 a[aria-current="page"] { background: rgba(255,255,255,.12); border-left: 3px solid #f2b134; padding-left: 15px; }
  .Main_root__3 { padding: 16px 24px 40px; overflow: auto; }
  .Crumbs_root { font-size: 12px; color: var(--muted); margin-bottom: 10px; }
  .Crumbs_root a { color: var(--brand-dark); text-decoration: none; }
  .Crumbs_root span.sep { margin: 0 6px; }
  .GroupBar_root { display: flex; justify-content: space-between; align-items: center; gap: 12px; margin-bottom: 12px; border-bottom: 1px solid var(--line); }
  .GroupTabs_root__T3 { display: flex; gap: 4px; flex-wrap: wrap; }
  .GroupTabs_root__T3 a { padding: 8px 14px; text-decoration: none; color: var(--muted); border-bottom: 2px solid transparent; }
  .GroupTabs_root__T3 a[aria-current="page"] { color: var(--brand-dark); border-color: var(--brand); font-weight: 600; }
  .GroupJump_root { font-size: 12px; color: var(--muted); }
  .Layout_cols__Y2 { display: grid; grid-template-columns: minmax(0, 1fr) 220px; gap: 16px; align-items: start; }
  .Card_root__cA { background: #fff; border: 1px solid var(--line); border-radius: 8px; }
  .Card_head { margin: 0; padding: 10px 14px; border-bottom: 1px solid var(--line); font-weight: 600; font-size: 14px; }
  .Card_body { padding: 10px 14px; }
  #register-root { padding: 14px; min-height: 300px; }
  .RegisterHeader_root__Zz7wq { display: flex; justify-content: space-between; align-items: flex-start; gap: 12px; }
  .RegisterHeader_title__1QmUe { font-size: 20px; margin: 0 0 4px; }
  .RegisterHeader_meta__Tg5Ki { margin: 0; color: var(--muted); font-size: 13px; }
  .RegisterHeader_status__k9 { margin: 4px 0 0; font-size: 13px; font-weight: 600; }
  .RegisterHeader_status__k9.is-taken { color: #1d6b45; } .RegisterHeader_status__k9.is-open { color: #8a4b00; }
  .RegisterHeader_actions__n4Rf0 { display: flex; gap: 8px; }
  .Btn_root__a1 { white-space: nowrap; border-radius: 6px; padding: 7px 14px; font: inherit; font-size: 13px; cursor: pointer; border: 1px solid #98a2b3; background: #fff; }
  .Btn--primary__a3 { background: var(--brand-dark); color: #fff; border-color: var(--brand-dark); }
  .RegisterSummary_root__W0o1c { display: flex; gap: 8px; margin: 12px 0; flex-wrap: wrap; align-items: center; }
  .Chip_root__c1 { border-radius: 12px; padding: 3px 10px; font-size: 12px; background: #eef2f6; }
  .Chip--present { background: #e3f5ec; color: #165a3a; } .Chip--late { background: #fdf1dc; color: #6e4708; }
  .Chip--absent { background: #fde7e7; color: #8a2424; } .Chip--none { background: #eef0f4; color: #3b4554; }
  .RegisterSummary_dirty__h3 { color: #8a4b00; font-size: 12px; }
  .DataGrid_grid__3Hk2p { display: flex; flex-direction: column; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
  .DataGrid_row__Hc4Tn { display: grid; grid-template-columns: 40px 170px 184px minmax(130px, 1fr) 222px 58px; align-items: center; border-top: 1px solid var(--line); min-height: 46px; }
  .DataGrid_row--header__Qe8mN { border-top: 0; background: #f9fafb; font-size: 12px; color: var(--muted); font-weight: 600; min-height: 34px; }
  .DataGrid_row--footer__J7tYv { background: #f9fafb; font-size: 12px; color: var(--muted); min-height: 34px; }
  .DataGrid_row--unmarked__x0PqE { background: #fffaf0; }
  .DataGrid_cell__k2Ld8 { padding: 6px 8px; }
  .Avatar_root__4TnPq { width: 30px; height: 30px; border-radius: 50%; background: #d0dbe6; color: #24313f; display: inline-flex; align-items: center; justify-content: center; font-size: 11px; font-weight: 700; }
  .StudentLink_link__sQ0Ga { color: var(--brand-dark); font-weight: 600; text-decoration: none; }
  .StudentLink_meta__Fe21o { font-size: 11px; color: var(--muted); }
  .MarkToggle_group__9fQx1 { display: inline-flex; border: 1px solid #98a2b3; border-radius: 6px; overflow: hidden; }
  .MarkToggle_btn__Vb3sL { border: 0; background: #fff; padding: 5px 10px; font: inherit; font-size: 12px; cursor: pointer; border-right: 1px solid #98a2b3; }
  .MarkToggle_btn__Vb3sL:last-child { border-right: 0; }
  .MarkToggle_btn--present[aria-pressed="true"] { background: #1f6b47; color: #fff; }
  .MarkToggle_btn--late[aria-pressed="true"] { background: #8a5a0d; color: #fff; }
  .MarkToggle_btn--absent[aria-pressed="true"] { background: #b42318; color: #fff; }
  .ReasonPicker_trigger__7uKsM { max-width: 100%; text-align: left; border: 1px solid #98a2b3; background: #fff; border-radius: 6px; padding: 4px 8px; font: inherit; font-size: 12px; cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .ReasonPicker_list__p0 { position: absolute; z-index: 10; list-style: none; margin: 0; padding: 4px 0; background: #fff; border: 1px solid #98a2b3; border-radius: 6px; box-shadow: 0 6px 18px rgba(0,0,0,.15); font-size: 12px; max-height: 280px; overflow: auto; }
  .ReasonPicker_list__p0 li { padding: 5px 12px; cursor: pointer; }
  .ReasonPicker_list__p0 li:hover, .ReasonPicker_list__p0 li:focus { background: #e3f2f0; outline: none; }
  .MinsLate_root__cc31Z { display: block; margin-top: 3px; font-size: 12px; color: var(--muted); }
  .MinsLate_input__D8sP2 { width: 44px; font-size: 12px; }
  .WeekStrip_root__m3XfQ { display: flex; gap: 2px; }
  .WeekStrip_slot__q7Zc1:nth-child(2n) { margin-right: 4px; }
  .WeekStrip_icon__2Lw0x { display: block; }
  .DataGrid_cell--pct__b0Ew3 { text-align: right; font-weight: 600; font-size: 13px; }
  .Pct--low__r4 { color: #b42318; } .Pct--mid__r5 { color: #8a4b00; } .Pct--ok__r6 { color: #027a48; }
  .Skeleton_root__8Jq { padding: 20px 0; }
  .Skeleton_bar { height: 14px; background: linear-gradient(90deg, #eef0f3, #f7f8fa, #eef0f3); border-radius: 4px; margin-bottom: 10px; }
  .Skeleton_text { color: var(--muted); font-size: 13px; }
  .Legend_row { display: flex; align-items: center; gap: 8px; font-size: 12px; margin: 4px 0; }
  .Toast_root__v2 { position: fixed; right: 18px; bottom: 18px; background: #1d2939; color: #fff; padding: 8px 14px; border-radius: 6px; font-size: 12px; }
  .Toast_root__v2[hidden] { display: none; }
  .Footer_root { margin-top: 24px; font-size: 11px; color: var(--muted); }
`;
