// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPage } from '../../scripts/read-register';
import { startDemoServer, type DemoServer } from '../../scripts/demo/server';
import { readRegister } from '../../utils/registers/read';
import type { Reading } from '../../utils/registers/schema';

const TODAY = '2026-01-21';
let demo: DemoServer;

beforeAll(async () => {
  demo = await startDemoServer({
    port: 0,
    today: TODAY,
    pupils: 60,
    clock: () => new Date('2026-01-21T08:52:00Z'),
  });
});
afterAll(async () => {
  await demo?.close();
});

/** Loads a demo page as the CLI does (its scripts run) and reads the register on it. */
async function readDemo(path: string, html?: string): Promise<Reading> {
  const url = new URL(path, demo.url).href;
  const page = await loadPage(html ?? (await (await fetch(url)).text()), url, {
    capMs: 2000,
    quietMs: 50,
  });
  try {
    const result = readRegister(page.document, url);
    if (!result.ok) throw new Error(result.reason);
    return result.reading;
  } finally {
    await page.close();
  }
}

/** Today's editable AM mark of every pupil, by key. */
const todaysCodes = (reading: Reading): Record<string, string | null> =>
  Object.fromEntries(
    reading.pupils.map((p) => [
      p.key,
      p.marks.find((m) => m.date === TODAY && m.session === 'AM' && m.editable)?.code ?? null,
    ]),
  );

const CODES = ['/', 'L', 'N', 'I', 'M', 'O', 'G', 'V'];

describe('the demo MIS registers before and after saving', () => {
  it('should read the week view as not taken, then taken with the saved marks', async () => {
    const form = demo.state.school.forms[0]!;
    const path = `/register/table/${form.id}?date=${TODAY}&session=AM`;
    const before = await readDemo(path);
    const body = new URLSearchParams();
    const want: Record<string, string> = {};
    form.pupilIds.forEach((id, i) => {
      const ctl = `ctl${String(i + 4).padStart(2, '0')}`;
      const code = CODES[i % CODES.length]!;
      body.append(`ctl00$cphMain$grdRegister$${ctl}$hfStudentId`, id);
      body.append(`ctl00$cphMain$grdRegister$${ctl}$ddlMark`, code);
      want[`id:${id}`] = code;
    });

    const res = await fetch(new URL(path, demo.url), { method: 'POST', body });
    const afterPost = await readDemo(path, await res.text());
    const reloaded = await readDemo(path);

    expect(res.status).toBe(200);
    expect(before).toMatchObject({ group: form.id, date: TODAY, session: 'AM', taken: false });
    expect(afterPost.taken).toBe(true);
    expect(reloaded).toMatchObject({ group: form.id, date: TODAY, session: 'AM', taken: true });
    expect(todaysCodes(reloaded)).toEqual(want);
  });

  it('should read the single-page register as not taken, then taken with the saved marks', async () => {
    const form = demo.state.school.forms[1]!;
    const path = `/register/grid/#group=${form.id}`;
    const before = await readDemo(path);
    const statuses: [status: string, code: string | null, reads: string][] = [
      ['PRESENT', null, '/'],
      ['LATE', 'L', 'L'],
      ['ABSENT', 'I', 'I'],
      ['ABSENT', 'M', 'M'],
      ['ABSENT', null, 'N'],
      ['ABSENT', 'G', 'G'],
    ];
    const want: Record<string, string> = {};
    const marks = form.pupilIds.map((pupilId, i) => {
      const [status, code, reads] = statuses[i % statuses.length]!;
      want[`id:${pupilId}`] = reads;
      return { pupilId, status, code };
    });

    const res = await fetch(new URL(`/api/register/${form.id}`, demo.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ date: TODAY, session: 'AM', marks }),
    });
    const after = await readDemo(path);

    expect(res.status).toBe(200);
    expect(before).toMatchObject({ group: form.id, date: TODAY, session: 'AM', taken: false });
    expect(after).toMatchObject({ group: form.id, date: TODAY, session: 'AM', taken: true });
    expect(todaysCodes(after)).toEqual(want);
  });
});
