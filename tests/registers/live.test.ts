import { afterEach, describe, expect, it, vi } from 'vitest';
import { Window } from 'happy-dom';
import {
  isSaveControl,
  marksToStore,
  startLiveReader,
  type LiveReader,
} from '../../utils/registers/live';
import { readRegister } from '../../utils/registers/read';
import type { Reading } from '../../utils/registers/schema';
import type { ReadResult } from '../../utils/registers/types';
import { fixParsedSelects } from '../../scripts/read-register';

const reading = (taken: boolean | null): Reading => ({
  adapter: 'generic',
  group: '7K',
  date: '2026-01-21',
  session: 'AM',
  taken,
  pupils: [
    {
      key: 'id:1',
      name: 'Ada Lovelace',
      marks: [
        { date: '2026-01-20', session: 'PM', raw: '\\', code: '\\', editable: false },
        { date: '2026-01-21', session: 'AM', raw: 'Present', code: '/', editable: true },
      ],
    },
  ],
  warnings: [],
});

describe('what may be stored from a reading', () => {
  it.each([
    [false, false, 1],
    [null, false, 1],
    [true, false, 2],
    [false, true, 2],
    [null, true, 2],
  ] as const)('should keep %s-taken, saved=%s to %i mark(s)', (taken, saved, count) => {
    expect(marksToStore(reading(taken), { saved }).pupils[0]!.marks).toHaveLength(count);
  });
});

const PAGE = `<!DOCTYPE html><html><body><h1>Take Register: 7K</h1>
<p>You are taking the AM register for Wednesday 21 January 2026.</p>
<form id="f" onsubmit="return false"><table><thead><tr><th>Name</th><th>Tue 20/01/2026 PM</th><th>Wed 21/01/2026 AM</th></tr></thead><tbody>
<tr><td>Ada Lovelace</td><td>\\</td><td><select name="m1"><option value="">-</option><option value="/" selected>/ Present</option><option value="N">N No reason yet</option><option value="L">L Late</option></select></td></tr>
<tr><td>Alan Turing</td><td>N</td><td><select name="m2"><option value="">-</option><option value="/">/ Present</option><option value="N" selected>N No reason yet</option><option value="L">L Late</option></select></td></tr>
</tbody></table><button type="submit" id="save">Save register</button><button type="button" id="all">Mark all present</button></form></body></html>`;

describe('the live reader', () => {
  let live: LiveReader | null = null;
  afterEach(() => live?.stop());

  function start() {
    const window = new Window({ url: 'https://mis.example/register' });
    const doc = window.document as unknown as Document;
    doc.write(PAGE);
    fixParsedSelects(doc);
    const readings: ReadResult[] = [];
    const saved: Reading[] = [];
    live = startLiveReader({
      document: doc,
      url: () => 'https://mis.example/register',
      read: (d, u) => readRegister(d, u),
      onReading: (r) => readings.push(r),
      onSaved: (r) => saved.push(r),
      debounceMs: 10,
    });
    return { window, doc, readings, saved };
  }

  it('should read the register at once when started on a loaded page', () => {
    const { readings } = start();
    expect(readings).toHaveLength(1);
    expect(readings[0]!.ok && readings[0]!.reading.pupils.map((p) => p.marks.at(-1)?.code)).toEqual(
      ['/', 'N'],
    );
  });

  it('should read again after the tutor changes a mark', async () => {
    const { doc, readings } = start();
    const select = doc.querySelector<HTMLSelectElement>('select[name=m1]')!;
    select.selectedIndex = 3;
    select.dispatchEvent(new doc.defaultView!.Event('change', { bubbles: true }));
    await vi.waitFor(() => expect(readings.length).toBe(2));
    expect(readings[1]!.ok && readings[1]!.reading.pupils[0]!.marks.at(-1)!.code).toBe('L');
  });

  it('should hand over the marks once when the register is saved', () => {
    const { doc, saved } = start();
    doc.querySelector<HTMLButtonElement>('#save')!.click();
    doc
      .querySelector('form')!
      .dispatchEvent(new doc.defaultView!.Event('submit', { bubbles: true, cancelable: true }));
    expect(saved).toHaveLength(1);
    expect(saved[0]!.pupils[1]!.marks.at(-1)).toMatchObject({ code: 'N', editable: true });
  });

  it('should not take "Mark all present" for saving', () => {
    const { doc, saved } = start();
    doc.querySelector<HTMLButtonElement>('#all')!.click();
    expect(saved).toHaveLength(0);
    expect(isSaveControl(doc.querySelector('#all')!)).toBe(false);
  });

  it('should stay silent after stop and never throw into the page when the reader fails', () => {
    const window = new Window({ url: 'https://mis.example/' });
    const doc = window.document as unknown as Document;
    doc.write(PAGE);
    const errors: unknown[] = [];
    live = startLiveReader({
      document: doc,
      read: () => {
        throw new Error('boom');
      },
      onReading: () => undefined,
      onError: (e) => errors.push(e),
    });
    expect(errors).toHaveLength(1);
    live.stop();
    expect(live.readNow()).toBeNull();
  });
});
