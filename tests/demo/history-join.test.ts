// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../scripts/demo/server';
import { readRegister } from '../../utils/registers/read';
import { applyReading, db, importRows, pupilMarks, useDatabase } from '../../utils/store';
import { parseMarksCsv } from '../../utils/transfer/marks-csv';
import { parsePage } from '../registers/helpers';

const TODAY = '2026-01-21';
const AT = '2026-01-21T08:52:00.000Z';
let demo: DemoServer;

beforeAll(async () => {
  demo = await startDemoServer({ port: 0, pupils: 90, today: TODAY, clock: () => new Date(AT) });
});
afterAll(async () => {
  await demo?.close();
});

const text = async (path: string) => (await fetch(new URL(path, demo.url))).text();

describe('the demo school’s history and its register', () => {
  it('should give each pupil on the register the history imported from the MIS export, under the register’s name', async () => {
    useDatabase(`rl-demo-join-${Math.random().toString(36).slice(2)}`);
    const origin = new URL(demo.url).origin;
    const csv = parseMarksCsv(await text('/export/marks.csv'));
    const url = new URL('/register/table/7A', demo.url).href;
    const read = readRegister(parsePage(await text('/register/table/7A'), url), url);
    if (!read.ok) throw new Error(read.reason);

    await importRows(csv.rows, { batchLabel: 'oakfield-marks.csv', siteId: origin, at: AT });
    const stored = await applyReading({ reading: read.reading, url, saved: false, at: AT });

    const school = demo.state.school;
    const form = school.forms.find((f) => f.id === '7A')!;
    expect(read.reading.pupils.map((p) => p.key).sort()).toEqual(
      form.pupilIds.map((id) => `id:${id}`).sort(),
    );
    expect(await db().pupils.count()).toBe(school.pupils.length);
    for (const [i, { pupilId }] of stored.pupilIds.entries()) {
      const pupil = await db().pupils.get(pupilId);
      expect(pupil?.name).toBe(read.reading.pupils[i]!.name);
      expect((await pupilMarks(pupilId)).length).toBeGreaterThan(100);
    }
  });
});
