// The demo MIS's single-page register (layout B), served inline by scripts/demo/pages/grid.ts.
// Plain ES5 in the page, like the Arbor-style fixture it is modelled on: the register renders
// 300 ms after load and after every hash change, so readers must cope with late rendering.
(function () {
  'use strict';
  var state = JSON.parse(document.getElementById('__APP_STATE__').textContent);
  var root = document.getElementById('register-root');
  var SVG = 'http://www.w3.org/2000/svg';
  var REASONS = {
    PRESENT: ['V', 'B', 'P', 'K', 'W'],
    LATE: ['L', 'U'],
    ABSENT: [
      'N',
      'I',
      'M',
      'C',
      'O',
      'G',
      'C2',
      'R',
      'T',
      'E',
      'S',
      'J1',
      'C1',
      'D',
      'X',
      'Q',
      'Y7',
    ],
  };
  var DEFAULT_CODE = { PRESENT: null, LATE: 'L', ABSENT: 'N' };

  function kind(key) {
    var s = key.split(':')[0];
    return s === 'PRESENT'
      ? 'present'
      : s === 'LATE'
        ? 'late'
        : s === 'AEA'
          ? 'activity'
          : s === 'NONE' || s === 'CLOSED' || s === 'NP'
            ? 'none'
            : 'absent';
  }
  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) continue;
        if (k === 'text') n.textContent = attrs[k];
        else n.setAttribute(k, attrs[k]);
      }
    }
    (children || []).forEach(function (c) {
      if (c) n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return n;
  }
  function svgIcon(k, label) {
    var span = el('span', { class: 'WeekStrip_slot__q7Zc1' });
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 16 16');
    svg.setAttribute('width', '16');
    svg.setAttribute('height', '16');
    svg.setAttribute('class', 'WeekStrip_icon__2Lw0x WeekStrip_icon--' + k);
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
    var shape = document.createElementNS(SVG, k === 'activity' ? 'rect' : 'circle');
    if (k === 'activity') {
      shape.setAttribute('x', '2');
      shape.setAttribute('y', '2');
      shape.setAttribute('width', '12');
      shape.setAttribute('height', '12');
      shape.setAttribute('rx', '3');
      shape.setAttribute('transform', 'rotate(45 8 8)');
    } else {
      shape.setAttribute('cx', '8');
      shape.setAttribute('cy', '8');
      shape.setAttribute('r', '7');
    }
    shape.setAttribute(
      'fill',
      {
        present: '#2f7d57',
        late: '#b7791f',
        absent: '#c53030',
        activity: '#6b4fbb',
        none: '#a0aab5',
      }[k],
    );
    svg.appendChild(shape);
    span.appendChild(svg);
    return span;
  }
  function initials(s) {
    return (
      s.firstName.charAt(0) + s.lastName.replace(/[^A-Za-z\u00C0-\u024F]/g, '').charAt(0)
    ).toUpperCase();
  }
  function currentGroup() {
    var m = /group=([^&]+)/.exec(location.hash || '');
    var g = m ? decodeURIComponent(m[1]) : state.defaultGroup;
    return state.groups[g] ? g : state.defaultGroup;
  }
  function summary(students) {
    var c = { PRESENT: 0, LATE: 0, ABSENT: 0, NONE: 0 };
    students.forEach(function (s) {
      c[s.today ? s.today.status : 'NONE']++;
    });
    return c;
  }
  function markDirty() {
    var d = document.getElementById('dirty-flag');
    if (d) d.hidden = false;
    refreshSummary();
  }
  function refreshSummary() {
    var g = state.groups[currentGroup()];
    var c = summary(g.students);
    var set = function (id, text) {
      var n = document.getElementById(id);
      if (n) n.textContent = text;
    };
    set('chip-present', 'Present ' + c.PRESENT);
    set('chip-late', 'Late ' + c.LATE);
    set('chip-absent', 'Absent ' + c.ABSENT);
    set('chip-none', 'Not marked ' + c.NONE);
  }
  function closePicker() {
    var open = document.getElementById('reason-picker');
    if (open) open.parentNode.removeChild(open);
  }
  function openPicker(s, trigger) {
    closePicker();
    var list = el('ul', {
      role: 'listbox',
      id: 'reason-picker',
      class: 'ReasonPicker_list__p0',
      'aria-label': 'Reason for ' + s.firstName + ' ' + s.lastName,
    });
    REASONS[s.today.status].forEach(function (code) {
      var item = el('li', {
        role: 'option',
        tabindex: '0',
        'aria-selected': code === s.today.code ? 'true' : 'false',
        'data-code': code,
        text: state.reasons[code] || code,
      });
      var choose = function () {
        s.today.code = code;
        trigger.textContent = state.reasons[code] || code;
        closePicker();
        trigger.focus();
        markDirty();
      };
      item.addEventListener('click', choose);
      item.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          choose();
        } else if (e.key === 'Escape') {
          closePicker();
          trigger.focus();
        }
      });
      list.appendChild(item);
    });
    var box = trigger.getBoundingClientRect();
    list.style.top = window.scrollY + box.bottom + 2 + 'px';
    list.style.left = window.scrollX + box.left + 'px';
    document.body.appendChild(list);
    if (list.firstChild) list.firstChild.focus();
  }
  function reasonCell(s, cell) {
    while (cell.firstChild) cell.removeChild(cell.firstChild);
    if (!s.today || !s.today.code) return;
    var trigger = el('button', {
      type: 'button',
      class: 'ReasonPicker_trigger__7uKsM',
      'aria-haspopup': 'listbox',
      'aria-label': 'Change attendance reason',
      text: state.reasons[s.today.code] || s.today.code,
    });
    trigger.addEventListener('click', function () {
      openPicker(s, trigger);
    });
    cell.appendChild(trigger);
    if (s.today.minutesLate) {
      cell.appendChild(
        el('label', { class: 'MinsLate_root__cc31Z' }, [
          el('input', {
            type: 'number',
            min: '0',
            value: String(s.today.minutesLate),
            class: 'MinsLate_input__D8sP2',
            'aria-label': 'Minutes late',
          }),
          ' mins late',
        ]),
      );
    }
  }
  function toggleGroup(s, reason) {
    var status = s.today ? s.today.status : null;
    var g = el('div', {
      role: 'group',
      'aria-label': 'Mark for ' + s.firstName + ' ' + s.lastName,
      class: 'MarkToggle_group__9fQx1',
    });
    [
      ['PRESENT', 'Present'],
      ['LATE', 'Late'],
      ['ABSENT', 'Absent'],
    ].forEach(function (t) {
      var b = el('button', {
        type: 'button',
        class: 'MarkToggle_btn__Vb3sL MarkToggle_btn--' + t[0].toLowerCase(),
        'aria-pressed': status === t[0] ? 'true' : 'false',
        'data-value': t[0],
        text: t[1],
      });
      b.addEventListener('click', function () {
        g.querySelectorAll('button').forEach(function (x) {
          x.setAttribute('aria-pressed', x === b ? 'true' : 'false');
        });
        if (!s.today || s.today.status !== t[0]) {
          s.today = { status: t[0], code: DEFAULT_CODE[t[0]], minutesLate: null };
          reasonCell(s, reason);
        }
        markDirty();
      });
      g.appendChild(b);
    });
    return g;
  }
  function row(s, idx) {
    var name = s.firstName + ' ' + s.lastName;
    var r = el('div', {
      role: 'row',
      'aria-rowindex': String(idx + 2),
      class: 'DataGrid_row__Hc4Tn' + (s.today ? '' : ' DataGrid_row--unmarked__x0PqE'),
      'data-student-id': String(s.id),
      id: 'reg-row-' + s.id,
    });
    r.appendChild(
      el('div', { role: 'gridcell', class: 'DataGrid_cell__k2Ld8 DataGrid_cell--photo__u1Yb3' }, [
        el('span', { class: 'Avatar_root__4TnPq', 'aria-hidden': 'true', text: initials(s) }),
      ]),
    );
    r.appendChild(
      el('div', { role: 'gridcell', class: 'DataGrid_cell__k2Ld8 DataGrid_cell--name__pW81z' }, [
        el('a', {
          href: '#/students/' + s.id + '/attendance',
          class: 'StudentLink_link__sQ0Ga',
          text: name,
        }),
        el('div', { class: 'StudentLink_meta__Fe21o', text: 'Student ID ' + s.id }),
      ]),
    );
    var reason = el('div', {
      role: 'gridcell',
      class: 'DataGrid_cell__k2Ld8 DataGrid_cell--reason__Oa9b2',
    });
    r.appendChild(
      el('div', { role: 'gridcell', class: 'DataGrid_cell__k2Ld8 DataGrid_cell--mark__1mVq7' }, [
        toggleGroup(s, reason),
      ]),
    );
    reasonCell(s, reason);
    r.appendChild(reason);
    var strip = el('div', {
      class: 'WeekStrip_root__m3XfQ',
      role: 'group',
      'aria-label': 'Past week',
    });
    s.week.forEach(function (key, i) {
      var day = state.weekDays[Math.floor(i / 2)];
      strip.appendChild(
        svgIcon(kind(key), day + ' ' + (i % 2 ? 'PM' : 'AM') + ': ' + state.labels[key]),
      );
    });
    r.appendChild(
      el('div', { role: 'gridcell', class: 'DataGrid_cell__k2Ld8 DataGrid_cell--week__Lr5sD' }, [
        strip,
      ]),
    );
    var pct = s.attendanceYtd;
    r.appendChild(
      el('div', {
        role: 'gridcell',
        class:
          'DataGrid_cell__k2Ld8 DataGrid_cell--pct__b0Ew3 ' +
          (pct === null
            ? ''
            : pct < 90
              ? 'Pct--low__r4'
              : pct < 95
                ? 'Pct--mid__r5'
                : 'Pct--ok__r6'),
        text: pct === null ? '–' : pct.toFixed(1) + '%',
      }),
    );
    return r;
  }
  function toast(text) {
    var t = document.getElementById('toast');
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () {
      t.hidden = true;
    }, 6000);
  }
  function takenText(gid) {
    var taken = state.taken[gid];
    return taken ? 'Taken at ' + taken.at + ' by ' + taken.by : 'Not yet taken';
  }
  function save(gid) {
    var g = state.groups[gid];
    var body = {
      date: state.session.date,
      session: state.session.period,
      marks: g.students.map(function (s) {
        return {
          pupilId: String(s.id),
          status: s.today ? s.today.status : null,
          code: s.today ? s.today.code : null,
          minutesLate: s.today ? s.today.minutesLate : null,
        };
      }),
    };
    var button = document.getElementById('btn-save');
    button.disabled = true;
    fetch('/api/register/' + encodeURIComponent(gid), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': state.csrf },
      body: JSON.stringify(body),
    })
      .then(function (res) {
        return res.json().then(function (data) {
          if (!res.ok) throw new Error(data.error || 'The register was not saved.');
          return data;
        });
      })
      .then(function (data) {
        state.taken[gid] = { at: data.savedAt, by: data.savedBy };
        var status = document.getElementById('register-taken');
        if (status) {
          status.textContent = takenText(gid);
          status.setAttribute('data-register-taken', 'true');
        }
        var dirty = document.getElementById('dirty-flag');
        if (dirty) dirty.hidden = true;
        toast(state.session.period + ' register for ' + gid + ' saved at ' + data.savedAt);
      })
      .catch(function (err) {
        toast('Not saved: ' + err.message);
      })
      .then(function () {
        button.disabled = false;
      });
  }
  function tabs(gid) {
    var nav = document.getElementById('group-tabs');
    while (nav.firstChild) nav.removeChild(nav.firstChild);
    var year = state.groups[gid].year;
    Object.keys(state.groups).forEach(function (id) {
      if (state.groups[id].year !== year) return;
      var a = el('a', { href: '#group=' + encodeURIComponent(id), 'data-group-tab': id, text: id });
      if (id === gid) a.setAttribute('aria-current', 'page');
      nav.appendChild(a);
    });
    var jump = document.getElementById('group-jump');
    if (jump) jump.value = gid;
  }
  function render(gid) {
    var g = state.groups[gid];
    var c = summary(g.students);
    document.title =
      gid +
      ' register \u00b7 ' +
      state.session.label +
      ' ' +
      state.session.period +
      ' \u00b7 ' +
      state.schoolName;
    tabs(gid);
    var crumb = document.getElementById('crumb-group');
    if (crumb) crumb.textContent = gid;
    while (root.firstChild) root.removeChild(root.firstChild);
    root.setAttribute('aria-busy', 'false');
    var taken = !!state.taken[gid];
    root.appendChild(
      el('div', { class: 'RegisterHeader_root__Zz7wq' }, [
        el('div', {}, [
          el('h1', { class: 'RegisterHeader_title__1QmUe', id: 'register-title' }, [
            'Registration: ',
            el('span', {
              class: 'RegisterHeader_group__p2',
              'data-testid': 'register-group',
              text: gid,
            }),
          ]),
          el('p', { class: 'RegisterHeader_meta__Tg5Ki' }, [
            el('time', { datetime: state.session.date, text: state.session.label }),
            ' \u00b7 ',
            el('span', {
              'data-testid': 'register-session',
              text: state.session.period + ' registration',
            }),
            ' \u00b7 Room ' + g.room + ' \u00b7 Tutor: ' + g.tutor,
          ]),
          el('p', {
            class: 'RegisterHeader_status__k9 ' + (taken ? 'is-taken' : 'is-open'),
            id: 'register-taken',
            'data-register-taken': taken ? 'true' : 'false',
            text: takenText(gid),
          }),
        ]),
        el('div', { class: 'RegisterHeader_actions__n4Rf0' }, [
          el('button', {
            type: 'button',
            class: 'Btn_root__a1',
            id: 'btn-mark-all',
            text: 'Mark all present',
          }),
          el('button', {
            type: 'button',
            class: 'Btn_root__a1 Btn--primary__a3',
            id: 'btn-save',
            text: 'Save register',
          }),
        ]),
      ]),
    );
    root.appendChild(
      el('div', { class: 'RegisterSummary_root__W0o1c', role: 'status' }, [
        el('span', {
          class: 'Chip_root__c1 Chip--present',
          id: 'chip-present',
          text: 'Present ' + c.PRESENT,
        }),
        el('span', { class: 'Chip_root__c1 Chip--late', id: 'chip-late', text: 'Late ' + c.LATE }),
        el('span', {
          class: 'Chip_root__c1 Chip--absent',
          id: 'chip-absent',
          text: 'Absent ' + c.ABSENT,
        }),
        el('span', {
          class: 'Chip_root__c1 Chip--none',
          id: 'chip-none',
          text: 'Not marked ' + c.NONE,
        }),
        el('span', {
          class: 'RegisterSummary_dirty__h3',
          id: 'dirty-flag',
          hidden: 'hidden',
          text: 'Unsaved changes',
        }),
      ]),
    );
    var grid = el('div', {
      role: 'grid',
      'aria-labelledby': 'register-title',
      'aria-rowcount': String(g.students.length + 2),
      class: 'DataGrid_grid__3Hk2p',
      id: 'ext-comp-' + (1180 + g.id),
    });
    var hr = el('div', {
      role: 'row',
      'aria-rowindex': '1',
      class: 'DataGrid_row__Hc4Tn DataGrid_row--header__Qe8mN',
    });
    ['', 'Student', 'Mark', 'Reason', 'Past week', 'YTD %'].forEach(function (h) {
      hr.appendChild(
        el('div', {
          role: 'columnheader',
          class: 'DataGrid_cell__k2Ld8 DataGrid_colhead__Xs2',
          text: h,
        }),
      );
    });
    grid.appendChild(hr);
    g.students.forEach(function (s, i) {
      grid.appendChild(row(s, i));
    });
    var fr = el('div', {
      role: 'row',
      'aria-rowindex': String(g.students.length + 2),
      class: 'DataGrid_row__Hc4Tn DataGrid_row--footer__J7tYv',
    });
    fr.appendChild(el('div', { role: 'gridcell', class: 'DataGrid_cell__k2Ld8' }));
    fr.appendChild(
      el('div', {
        role: 'gridcell',
        class: 'DataGrid_cell__k2Ld8',
        text: g.students.length + ' students',
      }),
    );
    fr.appendChild(
      el('div', {
        role: 'gridcell',
        class: 'DataGrid_cell__k2Ld8',
        text: c.PRESENT + c.LATE + ' in',
      }),
    );
    fr.appendChild(
      el('div', { role: 'gridcell', class: 'DataGrid_cell__k2Ld8', text: c.ABSENT + ' absent' }),
    );
    fr.appendChild(
      el('div', { role: 'gridcell', class: 'DataGrid_cell__k2Ld8', text: c.NONE + ' not marked' }),
    );
    fr.appendChild(el('div', { role: 'gridcell', class: 'DataGrid_cell__k2Ld8' }));
    grid.appendChild(fr);
    root.appendChild(grid);
    document.getElementById('btn-mark-all').addEventListener('click', function () {
      g.students.forEach(function (s) {
        if (!s.today) s.today = { status: 'PRESENT', code: null, minutesLate: null };
      });
      root.querySelectorAll('.MarkToggle_btn--present').forEach(function (b) {
        var grp = b.parentNode;
        if (!grp.querySelector('[aria-pressed="true"]')) b.setAttribute('aria-pressed', 'true');
      });
      markDirty();
    });
    document.getElementById('btn-save').addEventListener('click', function () {
      save(gid);
    });
  }
  function loading() {
    closePicker();
    root.setAttribute('aria-busy', 'true');
    while (root.firstChild) root.removeChild(root.firstChild);
    root.appendChild(
      el('div', { class: 'Skeleton_root__8Jq' }, [
        el('div', { class: 'Skeleton_bar' }),
        el('div', { class: 'Skeleton_bar' }),
        el('div', { class: 'Skeleton_bar' }),
        el('p', { class: 'Skeleton_text', text: 'Loading register\u2026' }),
      ]),
    );
  }
  var pending = null;
  function schedule() {
    loading();
    if (pending) clearTimeout(pending);
    pending = setTimeout(function () {
      pending = null;
      render(currentGroup());
    }, 300);
  }
  var jump = document.getElementById('group-jump');
  if (jump) {
    jump.addEventListener('change', function () {
      location.hash = 'group=' + encodeURIComponent(jump.value);
    });
  }
  document.addEventListener('click', function (e) {
    var picker = document.getElementById('reason-picker');
    if (picker && !picker.contains(e.target) && !e.target.closest('.ReasonPicker_trigger__7uKsM'))
      closePicker();
  });
  window.addEventListener('hashchange', schedule);
  schedule();
})();
