import { describe, expect, it } from 'vitest';
import { gibbon } from '../../utils/registers/adapters/gibbon';
import { readRegister } from '../../utils/registers/read';
import { NotARegister } from '../../utils/registers/types';
import { parsePage } from './helpers';

/**
 * The Gibbon adapter on the markup of versions our saved pages do not cover, written here from
 * the structure of GibbonEdu/core's own templates (no page of theirs is copied): the table
 * layouts before v16 (no form ids, names in bold, no titles on history cells), the v16-v21
 * "roll group" ids, and the v30 x-tooltip history. Names and ids are made up.
 */

const TYPES = ['Present', 'Present - Late', 'Present - Offsite', 'Absent', 'Left', 'Left - Early'];
const REASONS = ['', 'Pending', 'Education', 'Family', 'Medical', 'Other'];
const options = (all: string[], chosen: string) =>
  all.map((o) => `<option value="${o}"${o === chosen ? ' selected' : ''}>${o}</option>`).join('');

interface Pupil {
  id: string;
  name: string;
  type: string;
  reason?: string;
  /** Past days: [date as the link writes it, title, day the cell shows (else the first two digits)]. */
  days?: [string, string, string?][];
}

const dayLink = (id: string, [date, title, shown]: [string, string, string?], attr = 'title') =>
  `<a href="./index.php?q=/modules/Attendance/attendance_take_byPerson.php&amp;gibbonPersonID=${id}&amp;currentDate=${date}" ${attr}="${title}">${shown ?? date.slice(0, 2)}<br><span>Mar</span></a>`;

/** A roll-group register as Gibbon printed it before v16: a table of cells, hidden inputs last. */
function oldRollGroup(pupils: Pupil[], banner: string): string {
  const cells = pupils
    .map(
      (p, i) => `<td>
        <img src="anon.jpg"><div><b>${p.name}<b></div><br/>
        <input type="hidden" name="${i}-gibbonPersonID" value="${p.id}">
        <select name="${i}-type">${options(TYPES, p.type)}</select>
        <select name="${i}-reason">${options(REASONS, p.reason ?? '')}</select>
        <input type="text" name="${i}-comment">
        <table><tr>${(p.days ?? []).map((d) => `<td>${dayLink(p.id, [d[0], ''], 'data-x')}</td>`).join('')}</tr></table>
      </td>`,
    )
    .join('');
  return `<html><body><div id="content">
    <div class="trail"><div class="trailEnd">Take Attendance by Roll Group</div></div>
    <form method="get" action="https://gibbon.example/index.php"><table>
      <tr><td><select name="gibbonRollGroupID"><option value=""></option>
        <option value="0007">7A</option><option value="0008" selected>8B</option></select></td></tr>
      <tr><td><input name="currentDate" id="currentDate" value="19/03/2015" type="text"></td></tr>
    </table></form>
    ${banner}
    <form method="post" action="https://gibbon.example/modules/Attendance/attendance_take_byRollGroupProcess.php">
      <table class="smallIntBorder"><tr class="break"><td colspan="4"><h3>Take Attendance</h3></td></tr>
        <tr>${cells}</tr>
        <tr><td class="right" colspan="5"><div class="success"><b>Total students: ${pupils.length}</b></div></td></tr>
        <tr><td class="right" colspan="5">
          <input type="hidden" name="gibbonRollGroupID" value="0008">
          <input type="hidden" name="currentDate" value="2015-03-19">
          <input type="hidden" name="count" value="${pupils.length}">
          <input type="submit" value="Submit"></td></tr>
      </table>
    </form></div></body></html>`;
}

/** The v16-v21 card layout with form ids, wrapped one level deeper than the v21 pages. */
function cardsRegister(kind: 'RollGroup' | 'CourseClass', pupils: Pupil[], banner: string) {
  const id = kind === 'RollGroup' ? 'attendanceByRollGroup' : 'attendanceByCourseClass';
  const cards = pupils
    .map(
      (p, i) => `<div class="card">
        <a href="index.php?q=/modules/Students/student_view_details.php&amp;gibbonPersonID=${p.id}"><img src="a.jpg"></a>
        <div><a href="index.php?q=/modules/Students/student_view_details.php&amp;gibbonPersonID=${p.id}">${p.name}</a></div>
        <select id="${i}-type" name="${i}-type">${options(TYPES, p.type)}</select>
        <select id="${i}-reason" name="${i}-reason">${options(REASONS, p.reason ?? '')}</select>
        <table class="historyCalendarMini"><tr>${(p.days ?? []).map((d) => `<td>${dayLink(p.id, d, 'x-tooltip')}</td>`).join('')}</tr></table>
      </div>`,
    )
    .join('');
  const hidden = pupils
    .map((p, i) => `<input type="hidden" name="${i}-gibbonPersonID" value="${p.id}">`)
    .join('');
  return `<html><body><div id="content">
    <form id="filter" method="get" action="https://gibbon.example/index.php">
      <select id="gibbon${kind}ID" name="gibbon${kind}ID"><option value="1" selected>10.1</option></select>
    </form>
    ${banner}
    <section><div class="wrapper">
    <form id="${id}" method="post" action="https://gibbon.example/modules/Attendance/attendance_take_by${kind}Process.php">
      <input type="hidden" name="currentDate" value="2019-11-04">
      <input type="hidden" name="count" value="${pupils.length}">${hidden}
      <div><h3>Take Attendance: 10.1</h3></div>
      <div id="attendance">${cards}</div>
      <div class="inline"><select name="set-all-type">${options(TYPES, 'Present')}</select>
        <select name="set-all-reason">${options(REASONS, '')}</select>
        <button id="set-all">Change All</button></div>
    </form></div></section></div></body></html>`;
}

/** The one-pupil screen before v16: no form ids, the pupil only in the picker and the action. */
function oldPerson(banner: string, type: string, reason: string, days: [string, string][]) {
  return `<html><body><div id="content">
    <form method="get" action="https://gibbon.example/index.php"><table><tr><td>
      <select name="gibbonPersonID"><option value=""></option>
        <option value="0000000101">Adeyemi, Tola (9C)</option>
        <option selected value="0000000102">Brook, Sami (9C)</option>
        <option value="0000000103">Cole, Robin (9D)</option></select>
    </td></tr></table></form>
    ${banner}
    <form method="post" action="https://gibbon.example/modules/Attendance/attendance_take_byPersonProcess.php?gibbonPersonID=0000000102">
      <table class="smallIntBorder"><tr class="break"><td colspan="2"><h3>Take Attendance</h3></td></tr>
        <tr><td><b>Recent Attendance Summary</b></td><td><table><tr>${days
          .map((d) => `<td>${dayLink('0000000102', d)}</td>`)
          .join('')}</tr></table></td></tr>
        <tr><td><b>Type *</b></td><td><select name="type">${options(TYPES, type)}</select></td></tr>
        <tr><td><b>Reason</b></td><td><select name="reason">${options(REASONS, reason)}</select></td></tr>
        <tr><td></td><td><input type="hidden" name="currentDate" value="2016-02-10"><input type="submit"></td></tr>
      </table>
    </form></div></body></html>`;
}

const TAKEN_BANNER =
  '<div class="success">Attendance has been taken at the following times for the specified date for this group:<ul><li>Recorded at 08:41:10 on 19/03/2015 by Ms Teacher.</li></ul></div>';
const NOT_TAKEN_BANNER =
  '<div class="error">Attendance has not been taken for this group yet for the specified date. The entries below are a best-guess based on defaults and information put into the system in advance, not actual data.</div>';

const read = (html: string, url = 'https://gibbon.example/index.php') => {
  const doc = parsePage(html, url);
  expect(gibbon.matches(url, doc)).toBe(true);
  return gibbon.read(doc, url, undefined);
};

describe('the Gibbon adapter on older and newer markup', () => {
  it('should read a pre-v16 roll group register of table cells, names in bold and no form id', () => {
    const reading = read(
      oldRollGroup(
        [
          { id: '0000000011', name: 'Adeyemi, Tola', type: 'Present' },
          { id: '0000000012', name: 'Brook, Sami', type: 'Absent', reason: 'Medical' },
          { id: '0000000013', name: 'Cole, Robin', type: 'Absent', reason: 'Family' },
        ],
        TAKEN_BANNER,
      ),
    );
    expect(reading).toMatchObject({ group: '8B', date: '2015-03-19', session: 'AM', taken: true });
    expect(reading.pupils.map((p) => [p.key, p.name])).toEqual([
      ['gibbon:0000000011', 'Adeyemi, Tola'],
      ['gibbon:0000000012', 'Brook, Sami'],
      ['gibbon:0000000013', 'Cole, Robin'],
    ]);
    expect(reading.pupils.map((p) => p.marks.map((m) => m.code))).toEqual([['/'], ['I'], ['N']]);
    expect(reading.pupils[2]!.marks[0]).toMatchObject({ reason: 'Family', needsMapping: true });
  });

  it('should not take history cells whose meaning is only their colour for marks', () => {
    const reading = read(
      oldRollGroup(
        [
          {
            id: '0000000011',
            name: 'Adeyemi, Tola',
            type: 'Present',
            days: [
              ['17/03/2015', ''],
              ['18/03/2015', ''],
            ],
          },
          { id: '0000000012', name: 'Brook, Sami', type: 'Present' },
        ],
        NOT_TAKEN_BANNER,
      ),
    );
    expect(reading.taken).toBe(false);
    expect(reading.pupils[0]!.marks.map((m) => m.date)).toEqual(['2015-03-19']);
  });

  it.each([
    ['RollGroup', 'AM'],
    ['CourseClass', null],
  ] as const)(
    'should read a %s register in cards with x-tooltip history, session %s',
    (kind, session) => {
      const reading = read(
        cardsRegister(
          kind,
          [
            {
              id: '0000000021',
              name: 'Dara Evans',
              type: 'Present - Late',
              days: [
                ['31/10/2019', 'Absent: Medical'],
                ['01/11/2019', ''],
              ],
            },
            {
              id: '0000000022',
              name: 'Eli Fox',
              type: 'Present - Offsite',
              reason: 'Education',
              days: [['01/11/2019', 'Left - Early: Family']],
            },
          ],
          TAKEN_BANNER,
        ),
      );
      expect(reading).toMatchObject({ group: '10.1', date: '2019-11-04', session, taken: true });
      expect(reading.pupils[0]!.marks.map((m) => [m.date, m.code, m.editable])).toEqual([
        ['2019-10-31', 'I', false],
        ['2019-11-04', 'L', true],
      ]);
      expect(reading.pupils[1]!.marks.map((m) => m.code)).toEqual(['/', 'B']);
    },
  );

  it('should read history dates a school writes month first by the day each cell shows', () => {
    const html = cardsRegister(
      'RollGroup',
      [
        {
          id: '0000000021',
          name: 'Dara Evans',
          type: 'Present',
          days: [
            ['03/11/2019', 'Absent: Medical', '11'],
            ['11/01/2019', 'Present', '01'],
          ],
        },
        { id: '0000000022', name: 'Eli Fox', type: 'Present' },
      ],
      TAKEN_BANNER,
    );
    expect(read(html).pupils[0]!.marks.map((m) => m.date)).toEqual([
      '2019-03-11',
      '2019-11-01',
      '2019-11-04',
    ]);
  });

  it('should read the banner Gibbon puts inside the form, above the pupils', () => {
    const html = cardsRegister(
      'RollGroup',
      [
        { id: '0000000021', name: 'Dara Evans', type: 'Present' },
        { id: '0000000022', name: 'Eli Fox', type: 'Absent' },
      ],
      '',
    ).replace(
      '<div><h3>Take Attendance: 10.1</h3></div>',
      `${NOT_TAKEN_BANNER}<div><h3>Take Attendance: 10.1</h3></div>`,
    );
    expect(read(html).taken).toBe(false);
  });

  it('should look past wrappers for the banner that says the register is taken', () => {
    const html = cardsRegister(
      'CourseClass',
      [
        { id: '0000000021', name: 'Dara Evans', type: 'Present' },
        { id: '0000000022', name: 'Eli Fox', type: 'Absent' },
      ],
      '',
    ).replace('<section>', `<section>${NOT_TAKEN_BANNER}`);
    expect(read(html).taken).toBe(false);
  });

  it('should read a pre-v16 person screen: pupil from the picker, not taken when no data today', () => {
    const reading = read(
      oldPerson(
        '<div class="error">There is currently no attendance data today for the selected student.</div>',
        'Present',
        '',
        [
          ['08/02/2016', 'Absent: Pending'],
          ['09/02/2016', 'Present'],
        ],
      ),
    );
    expect(reading).toMatchObject({ group: null, date: '2016-02-10', session: null, taken: false });
    expect(reading.pupils).toHaveLength(1);
    expect(reading.pupils[0]).toMatchObject({ key: 'gibbon:0000000102', name: 'Brook, Sami' });
    expect(reading.pupils[0]!.marks.map((m) => [m.date, m.code, m.editable])).toEqual([
      ['2016-02-08', 'N', false],
      ['2016-02-09', '/', false],
      ['2016-02-10', '/', true],
    ]);
  });

  it('should read a person screen as taken when the day has a log, without reading the log as marks', () => {
    const log = `<h4>Attendance Log</h4>
      <p><span>The following attendance log has been recorded for the selected student today:</span></p>
      <table><tr class="head"><th>Time</th><th>Attendance</th><th>Where</th></tr>
        <tr><td>8:47 am</td><td><b>Out</b> (Absent, Family)</td><td>Roll Group</td></tr>
        <tr><td>9:40 am</td><td>Not Taken</td><td>Class (EN9.2)</td></tr></table>`;
    const reading = read(oldPerson(log, 'Absent', 'Family', []));
    expect(reading.taken).toBe(true);
    expect(reading.pupils[0]!.marks).toEqual([
      {
        date: '2016-02-10',
        session: 'AM',
        raw: 'Absent',
        reason: 'Family',
        code: 'N',
        editable: true,
        needsMapping: true,
      },
    ]);
  });

  it.each([
    [
      'a log whose caption shares its wrapper with the table',
      `<div id="attendanceLogs" class="dataTable"><header><h2>Attendance Log</h2>
        <p>The following attendance log has been recorded for the selected student today:</p></header>
        <table><tr><td>Period 1</td><td>Not Taken</td></tr></table></div>`,
      true,
    ],
    [
      'an empty log with its blank-slate line',
      `<div id="attendanceLogs" class="dataTable"><h2>Attendance Log</h2>
        <div class="blankSlate">There is currently no attendance data today for the selected student.</div></div>`,
      false,
    ],
    [
      'a lesson table only, which speaks of lessons, not the day',
      `<div class="dataTable"><h2>Class Attendance</h2>
        <table><tr><td>Period 2</td><td>Attendance has been taken</td></tr></table></div>`,
      null,
    ],
  ])('should read the v26-v30 person screen with %s', (_what, log, taken) => {
    expect(read(oldPerson(log, 'Present', '', [])).taken).toBe(taken);
  });

  it('should report through readRegister which absences wait for a mapping, by label and count', () => {
    const html = oldRollGroup(
      [
        { id: '0000000011', name: 'Adeyemi, Tola', type: 'Absent', reason: 'Family' },
        { id: '0000000012', name: 'Brook, Sami', type: 'Absent', reason: 'Family' },
        { id: '0000000013', name: 'Cole, Robin', type: 'Left' },
      ],
      TAKEN_BANNER,
    );
    const result = readRegister(parsePage(html), 'https://gibbon.example/index.php');
    expect(result.ok && result.reading.adapter).toBe('gibbon');
    expect(result.ok && result.reading.warnings).toEqual([
      'Marks with no code mapping (shown, not counted): "Left" (1).',
      'Absences counted as N (no reason yet) until they are mapped: "Absent: Family" (2).',
    ]);
  });

  it('should let the site mapping decide a type and reason Gibbon leaves open', () => {
    const doc = parsePage(oldPerson('', 'Absent', 'Family', []));
    const reading = gibbon.read(doc, 'https://gibbon.example/', {
      entries: [{ raw: 'Absent: Family', code: 'C' }],
    });
    expect(reading.pupils[0]!.marks[0]).toMatchObject({ code: 'C' });
    expect(reading.pupils[0]!.marks[0]!.needsMapping).toBeUndefined();
  });

  it('should read a pupil whose mark select is disabled as a record, not an editable mark', () => {
    const html = cardsRegister(
      'RollGroup',
      [
        { id: '0000000021', name: 'Dara Evans', type: 'Present' },
        { id: '0000000022', name: 'Eli Fox', type: 'Absent' },
      ],
      TAKEN_BANNER,
    ).replace('name="1-type"', 'name="1-type" disabled');
    expect(read(html).pupils[1]!.marks[0]!.editable).toBe(false);
  });

  it('should fall back to the generic reader with a warning when a pupil has no mark select', () => {
    const html = cardsRegister(
      'RollGroup',
      [
        { id: '0000000021', name: 'Dara Evans', type: 'Present' },
        { id: '0000000022', name: 'Eli Fox', type: 'Absent' },
      ],
      TAKEN_BANNER,
    ).replace(/<select id="1-type"[\s\S]*?<\/select>/, '');
    expect(() => gibbon.read(parsePage(html), 'https://gibbon.example/', undefined)).toThrow(
      /pupil 1's mark/,
    );
  });

  it('should say "no register" for a person screen with no pupil chosen', () => {
    const html = oldPerson('', 'Present', '', [])
      .replace(' selected value="0000000102"', ' value="0000000102"')
      .replace('?gibbonPersonID=0000000102', '');
    expect(() => gibbon.read(parsePage(html), 'https://gibbon.example/', undefined)).toThrow(
      NotARegister,
    );
  });

  it('should not claim a page that is not Gibbon', () => {
    const doc = parsePage('<form id="register"><select name="0-type"></select></form>');
    expect(gibbon.matches('https://mis.example/', doc)).toBe(false);
  });
});
