import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { addDays, isSchoolDay, isValidIsoDate } from '../../utils/attendance/calendar';
import { categorise, codeInfo, isPossible, isPresence } from '../../utils/attendance/codes';
import { DEMO_DEFAULT_PORT, DEMO_HOST } from '../../utils/demo-origin';
import { isoDate, sessionSchema, type Session } from '../../utils/registers/schema';
import { esc, pastTakenTime, type RegisterView } from './pages/common';
import { renderGridPage } from './pages/grid';
import { renderIndexPage } from './pages/index';
import { renderTablePage } from './pages/table';
import {
  generateSchool,
  markAt,
  overrideKey,
  pupilById,
  schoolMarksCsvChunks,
  todayMarkFor,
  type DemoForm,
  type DemoPupil,
  type DemoSchool,
} from './school';

/**
 * The demo MIS: a local web server (node:http only, loopback only) serving the demo school's
 * registers in two layouts, keeping saved registers in memory, and exporting the school's
 * history as a marks CSV (CONTRACTS.md §1, §4).
 */

export interface SavedRegister {
  form: string;
  date: string;
  session: Session;
  /** Pupil id → code ('' for a pupil left unmarked). */
  marks: Record<string, string>;
  takenAt: string;
  takenBy: string;
  layout: 'table' | 'grid';
}

export interface DemoState {
  school: DemoSchool;
  /** Keyed by `registerKey(form, date, session)`. */
  savedRegisters: Map<string, SavedRegister>;
}

export interface DemoServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  state: DemoState;
  close(): Promise<void>;
}

export interface DemoServerOptions {
  /** 0 picks a free port. Default 5177. */
  port?: number;
  pupils?: number;
  seed?: number;
  /** ISO date; defaults to today's date in London. */
  today?: string;
  /** A school generated already (the options above are then ignored). */
  school?: DemoSchool;
  /** The clock for "Register taken at …" times. */
  clock?: () => Date;
}

export const registerKey = (form: string, date: string, session: Session): string =>
  `${form}|${date}|${session}`;

/** Today's date in England, for a demo that opens on the real day. */
export const londonToday = (now = new Date()): string =>
  now.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

const londonTime = (now: Date): string =>
  now.toLocaleTimeString('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
  });

// The office enters what it already knows (illness phoned in, appointments, agreed part-time
// timetables, trips, dual registration) before the tutor opens the register; the rest is blank.
const PRE_ENTERED = new Set(['I', 'M', 'C2', 'D', 'V', 'C']);

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const gridBodySchema = z.object({
  date: isoDate,
  session: sessionSchema,
  marks: z
    .array(
      z.object({
        pupilId: z.string().min(1),
        status: z.enum(['PRESENT', 'LATE', 'ABSENT']).nullable(),
        code: z.string().min(1).max(3).nullable().optional(),
        minutesLate: z.number().int().min(0).nullable().optional(),
      }),
    )
    .max(200),
});

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const school =
    options.school ??
    generateSchool({
      pupils: options.pupils,
      seed: options.seed,
      today: options.today ?? londonToday(),
    });
  const clock = options.clock ?? (() => new Date());
  const state: DemoState = { school, savedRegisters: new Map() };
  const formsById = new Map(school.forms.map((f) => [f.id, f]));
  const inset = new Set(school.insetDays);
  const hasSessions = (date: string) => inset.has(date) || isSchoolDay(school.calendar, date);
  const ytdCache = new Map<string, number | null>();
  const pupilIndex = new Map(school.pupils.map((p, i) => [p.id, i]));

  function markFor(pupil: DemoPupil, date: string, session: Session): string | undefined {
    const saved = state.savedRegisters.get(registerKey(pupil.form, date, session));
    if (saved) return saved.marks[pupil.id] ?? '';
    if (!hasSessions(date)) return undefined;
    if (date < school.today) return markAt(school, pupil.id, date, session) ?? '';
    if (date === school.today) {
      const known = todayMarkFor(school, pupil.id, session);
      return known && PRE_ENTERED.has(known) ? known : '';
    }
    return '';
  }

  function takenBy(form: DemoForm, date: string, session: Session) {
    const saved = state.savedRegisters.get(registerKey(form.id, date, session));
    if (saved) return { at: saved.takenAt, by: saved.takenBy };
    if (date < school.today && hasSessions(date)) {
      return { at: pastTakenTime(form, date, session), by: form.tutor };
    }
    return null;
  }

  /** Attendance from the first day of the year up to the day before `date`. */
  function attendance(pupil: DemoPupil, date: string): number | null {
    const key = `${pupil.id}|${date}`;
    const cached = ytdCache.get(key);
    if (cached !== undefined) return cached;
    let possible = 0;
    let present = 0;
    const p = pupilIndex.get(pupil.id)!;
    const days = school.markedDays;
    const saved = state.savedRegisters.size > 0;
    for (let d = 0; d < days.length && days[d]! < date; d++) {
      const day = days[d]!;
      for (let s = 0; s < 2; s++) {
        // The dense history is read directly: this runs for every pupil of the grid page.
        const mark = saved
          ? markFor(pupil, day, s ? 'PM' : 'AM')
          : school.marks[(p * days.length + d) * 2 + s]!.mark;
        const category = categorise(mark, day);
        if (isPossible(category)) possible++;
        if (isPresence(category)) present++;
      }
    }
    const pct = possible ? Math.round((1000 * present) / possible) / 10 : null;
    ytdCache.set(key, pct);
    return pct;
  }

  function registerView(form: DemoForm, date: string, session: Session, justSaved: boolean) {
    const view: RegisterView = {
      school,
      form,
      pupils: form.pupilIds.map((id) => pupilById(school, id)!),
      date,
      session,
      mark: markFor,
      hasSessions,
      taken: takenBy(form, date, session),
      justSaved,
      attendance: (pupil) => ({
        pct: attendance(pupil, date),
        from: school.markedDays[0] ?? date,
        to: addDays(date, -1),
      }),
    };
    return view;
  }

  function save(
    form: DemoForm,
    date: string,
    session: Session,
    marks: Record<string, string>,
    layout: SavedRegister['layout'],
  ): SavedRegister {
    for (const [pupilId, code] of Object.entries(marks)) {
      if (pupilById(school, pupilId)?.form !== form.id) {
        throw new HttpError(400, `Pupil ${pupilId} is not in ${form.id}.`);
      }
      if (code !== '' && !codeInfo(code, date)) {
        throw new HttpError(400, `"${code}" is not an attendance code.`);
      }
    }
    const all: Record<string, string> = {};
    for (const id of form.pupilIds) all[id] = marks[id] ?? '';
    const saved: SavedRegister = {
      form: form.id,
      date,
      session,
      marks: all,
      takenAt: londonTime(clock()),
      takenBy: form.tutor,
      layout,
    };
    state.savedRegisters.set(registerKey(form.id, date, session), saved);
    ytdCache.clear();
    return saved;
  }

  const dateParam = (url: URL) => {
    const date = url.searchParams.get('date');
    return date && isValidIsoDate(date) ? date : school.today;
  };
  const sessionParam = (url: URL): Session =>
    url.searchParams.get('session') === 'PM' ? 'PM' : 'AM';

  function historyDays(date: string): string[] {
    const days: string[] = [];
    for (let d = addDays(date, -1), n = 0; days.length < 5 && n < 40; d = addDays(d, -1), n++) {
      if (hasSessions(d)) days.unshift(d);
    }
    return days;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${DEMO_HOST}`);
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? 'GET';

    if (path === '/' && method === 'GET') {
      return send(
        res,
        200,
        renderIndexPage(school, (form) =>
          state.savedRegisters.has(registerKey(form, school.today, 'AM')),
        ),
      );
    }
    if (path === '/favicon.ico') return send(res, 204, '');
    if (path === '/register/table/go') {
      const [date = school.today, session = 'AM'] = (url.searchParams.get('slot') ?? '').split('|');
      const form = url.searchParams.get('form') ?? school.forms[0]!.id;
      res.writeHead(303, {
        location: `/register/table/${encodeURIComponent(form)}?date=${encodeURIComponent(date)}&session=${encodeURIComponent(session)}`,
      });
      return void res.end();
    }
    const table = /^\/register\/table\/([^/]+)$/.exec(path);
    if (table) {
      const form = formsById.get(table[1]!);
      if (!form) throw new HttpError(404, `There is no form called ${table[1]}.`);
      const date = dateParam(url);
      const session = sessionParam(url);
      if (method === 'POST') {
        const body = new URLSearchParams(await readBody(req));
        const ids = new Map<string, string>();
        const codes = new Map<string, string>();
        for (const [name, value] of body) {
          const m = /^ctl00\$cphMain\$grdRegister\$(ctl\d+)\$(ddlMark|hfStudentId)$/.exec(name);
          if (!m) continue;
          (m[2] === 'ddlMark' ? codes : ids).set(m[1]!, value.trim());
        }
        const marks: Record<string, string> = {};
        for (const [ctl, id] of ids) marks[id] = codes.get(ctl) ?? '';
        save(form, date, session, marks, 'table');
        return send(res, 200, renderTablePage(registerView(form, date, session, true)));
      }
      if (method !== 'GET') throw new HttpError(405, 'Method not allowed.');
      return send(res, 200, renderTablePage(registerView(form, date, session, false)));
    }
    if ((path === '/register/grid/' || path === '/register/grid') && method === 'GET') {
      const date = dateParam(url);
      const session = sessionParam(url);
      const group = url.searchParams.get('group');
      return send(
        res,
        200,
        renderGridPage({
          school,
          date,
          session,
          defaultGroup: group && formsById.has(group) ? group : school.forms[0]!.id,
          historyDays: historyDays(date),
          mark: markFor,
          taken: (form) => takenBy(form, date, session),
          attendance: (pupil) => attendance(pupil, date),
        }),
      );
    }
    const api = /^\/api\/register\/([^/]+)$/.exec(path);
    if (api && method === 'POST') {
      const form = formsById.get(api[1]!);
      if (!form) throw new HttpError(404, `There is no form called ${api[1]}.`);
      let json: unknown;
      try {
        json = JSON.parse(await readBody(req));
      } catch {
        throw new HttpError(400, 'The request body is not JSON.');
      }
      const parsed = gridBodySchema.safeParse(json);
      if (!parsed.success) throw new HttpError(400, 'The register data is not valid.');
      const { date, session } = parsed.data;
      const marks: Record<string, string> = {};
      for (const m of parsed.data.marks) {
        marks[m.pupilId] =
          m.status === null
            ? ''
            : (m.code ??
              (m.status === 'PRESENT'
                ? session === 'AM'
                  ? '/'
                  : '\\'
                : m.status === 'LATE'
                  ? 'L'
                  : 'N'));
      }
      const saved = save(form, date, session, marks, 'grid');
      return sendJson(res, 200, {
        ok: true,
        savedAt: saved.takenAt,
        savedBy: saved.takenBy,
        count: Object.values(saved.marks).filter(Boolean).length,
      });
    }
    if (path === '/export/marks.csv' && method === 'GET') {
      const form = url.searchParams.get('form') ?? undefined;
      if (form && !formsById.has(form))
        throw new HttpError(404, `There is no form called ${form}.`);
      const from = url.searchParams.get('from') ?? undefined;
      const to = url.searchParams.get('to') ?? undefined;
      for (const bound of [from, to]) {
        if (bound !== undefined && !isValidIsoDate(bound)) {
          throw new HttpError(400, 'Dates must be written YYYY-MM-DD.');
        }
      }
      const overrides = new Map<string, string>();
      for (const reg of state.savedRegisters.values()) {
        for (const [id, code] of Object.entries(reg.marks)) {
          if (code) overrides.set(overrideKey(id, reg.date, reg.session), code);
        }
      }
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="oakfield-marks${form ? `-${form}` : ''}.csv"`,
        'cache-control': 'no-store',
      });
      for (const chunk of schoolMarksCsvChunks(school, { form, from, to, overrides })) {
        if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
      }
      return void res.end();
    }
    throw new HttpError(404, 'There is no page at this address.');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (status === 500) console.error(err);
      if (res.headersSent) return void res.end();
      if ((req.url ?? '').startsWith('/api/')) return sendJson(res, status, { error: message });
      send(
        res,
        status,
        `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>${status} - ${esc(school.name)}</title></head><body><main><h1>${status === 404 ? 'Page not found' : 'Something went wrong'}</h1><p>${esc(message)}</p><p><a href="/">All registers</a></p></main></body></html>`,
      );
    });
  });
  const port = options.port ?? DEMO_DEFAULT_PORT;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, DEMO_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${DEMO_HOST}:${actual}/`,
    port: actual,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(html);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, 'The request is too large.'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
