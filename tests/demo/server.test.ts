// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../scripts/demo/server';
import { MARKS_CSV_HEADER } from '../../scripts/demo/school';

const TODAY = '2026-01-21';
let demo: DemoServer;

beforeAll(async () => {
  demo = await startDemoServer({
    port: 0,
    pupils: 300,
    today: TODAY,
    clock: () => new Date('2026-01-21T08:52:00Z'),
  });
});
afterAll(async () => {
  await demo?.close();
});

const get = (path: string) => fetch(new URL(path, demo.url));
const firstPupil = (form: string) =>
  demo.state.school.forms.find((f) => f.id === form)!.pupilIds[0]!;

describe('the demo MIS server', () => {
  it('should listen on loopback at the address it reports', () => {
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('should list every form with a link to its register in both layouts', async () => {
    const html = await (await get('/')).text();

    for (const form of demo.state.school.forms) {
      expect(html).toContain(`href="/register/table/${form.id}"`);
      expect(html).toContain(`href="/register/grid/#group=${form.id}"`);
    }
  });

  it('should serve the week view with one mark select per pupil, not yet taken', async () => {
    const res = await get('/register/table/7A');
    const html = await res.text();
    const pupils = demo.state.school.forms[0]!.pupilIds.length;

    expect(res.status).toBe(200);
    expect(html.match(/<select id="ctl00_cphMain_grdRegister_ctl\d+_ddlMark"/g)).toHaveLength(
      pupils,
    );
    expect(html).toContain('Not yet taken.');
    expect(html).toContain('Wed 21/01');
  });

  it('should save a posted week-view register and show it as taken', async () => {
    const id = firstPupil('7B');
    const body = new URLSearchParams({
      ctl00$cphMain$grdRegister$ctl04$hfStudentId: id,
      ctl00$cphMain$grdRegister$ctl04$ddlMark: 'I',
    });

    const saved = await fetch(new URL('/register/table/7B?date=2026-01-21&session=AM', demo.url), {
      method: 'POST',
      body,
    });
    const html = await saved.text();
    const reloaded = await (await get('/register/table/7B?date=2026-01-21&session=AM')).text();

    expect(html).toContain('Register saved.');
    expect(demo.state.savedRegisters.get('7B|2026-01-21|AM')?.marks[id]).toBe('I');
    expect(reloaded).toContain('Register taken at 08:52 by');
    expect(reloaded).toMatch(/<option value="I" selected="selected">I Illness<\/option>/);
  });

  it('should refuse a mark that is not an attendance code', async () => {
    const body = new URLSearchParams({
      ctl00$cphMain$grdRegister$ctl04$hfStudentId: firstPupil('7A'),
      ctl00$cphMain$grdRegister$ctl04$ddlMark: 'H',
    });

    const res = await fetch(new URL('/register/table/7A', demo.url), { method: 'POST', body });

    expect(res.status).toBe(400);
    expect(demo.state.savedRegisters.has('7A|2026-01-21|AM')).toBe(false);
  });

  it('should serve the single-page register as a shell with its state', async () => {
    const html = await (await get('/register/grid/')).text();
    const json = /<script type="application\/json" id="__APP_STATE__">(.*?)<\/script>/s.exec(
      html,
    )![1]!;
    const state = JSON.parse(json);

    expect(html).toContain('Loading register');
    expect(state.session).toMatchObject({ date: TODAY, period: 'AM' });
    expect(Object.keys(state.groups)).toHaveLength(demo.state.school.forms.length);
    expect(state.groups['7A'].students[0].week).toHaveLength(10);
  });

  it('should save a register posted as JSON and reflect it on reload', async () => {
    const id = firstPupil('8A');

    const res = await fetch(new URL('/api/register/8A', demo.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        date: TODAY,
        session: 'AM',
        marks: [{ pupilId: id, status: 'LATE', code: null, minutesLate: 5 }],
      }),
    });
    const html = await (await get('/register/grid/')).text();
    const state = JSON.parse(/id="__APP_STATE__">(.*?)<\/script>/s.exec(html)![1]!);

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, savedAt: '08:52', count: 1 });
    expect(demo.state.savedRegisters.get('8A|2026-01-21|AM')?.marks[id]).toBe('L');
    expect(state.taken['8A']).toMatchObject({ at: '08:52' });
    expect(state.groups['8A'].students[0].today).toMatchObject({ status: 'LATE', code: 'L' });
  });

  it('should serve the history as a marks CSV with the canonical header', async () => {
    const res = await get('/export/marks.csv?form=7A');
    const lines = (await res.text()).trimEnd().split('\r\n');
    const { school } = demo.state;

    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(lines[0]).toBe(MARKS_CSV_HEADER);
    expect(lines).toHaveLength(1 + school.forms[0]!.pupilIds.length * school.markedDays.length * 2);
  });

  it('should include saved registers in the CSV and honour the date bounds', async () => {
    const id = firstPupil('7B');

    const csv = await (await get(`/export/marks.csv?form=7B&from=${TODAY}&to=${TODAY}`)).text();

    expect(csv.split('\r\n')).toContain(
      `${id},${demo.state.school.pupils.find((p) => p.id === id)!.name},7B,${TODAY},AM,I`,
    );
  });

  it('should answer an unknown address with a 404 page', async () => {
    expect((await get('/register/table/99Z')).status).toBe(404);
  });

  it('should stop listening when closed', async () => {
    const other = await startDemoServer({ port: 0, pupils: 10, today: TODAY });

    await other.close();

    await expect(fetch(other.url)).rejects.toThrow();
  });
});
