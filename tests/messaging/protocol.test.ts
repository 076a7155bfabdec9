import { describe, expect, it } from 'vitest';
import { registerSummarySchema, requestSchema } from '../../utils/messaging/protocol';
import type { ReadMark } from '../../utils/registers/schema';
import { reading } from '../store/helpers';

const goodReading = reading([{ key: 'ada', marks: [] }]);

describe('the message protocol', () => {
  it('should accept a well-formed reading', () => {
    const message = {
      type: 'content:reading',
      reading: goodReading,
      url: 'http://127.0.0.1:5177/register/7B',
      saved: false,
    };

    expect(requestSchema.safeParse(message).success).toBe(true);
  });

  it('should keep the flag of an absence counted as N until it is mapped', () => {
    const pending: ReadMark = {
      date: '2026-03-02',
      session: 'AM',
      raw: 'Absent',
      reason: 'Family',
      code: 'N',
      editable: false,
      needsMapping: true,
    };
    const message = {
      type: 'content:reading',
      reading: reading([{ key: 'ada', marks: [pending] }]),
      url: 'http://127.0.0.1:5177/register/7B',
      saved: false,
    };

    const parsed = requestSchema.parse(message);

    expect(parsed.type === 'content:reading' && parsed.reading.pupils[0]!.marks[0]).toEqual(
      pending,
    );
  });

  it('should refuse a register summary whose labels to map are not labels', () => {
    const summary = {
      tabId: 1,
      siteId: 'http://127.0.0.1:5177',
      url: 'http://127.0.0.1:5177/register/7B',
      adapter: 'generic',
      group: null,
      date: null,
      session: null,
      pupilIds: [],
      at: '2026-01-20T08:40:00.000Z',
    };
    const label = {
      raw: 'A',
      count: 3,
      why: 'foreign',
      current: null,
      suggestion: 'N',
      pageSays: 'Absent',
      date: '2026-01-20',
    };

    expect(registerSummarySchema.safeParse(summary).success).toBe(true);
    expect(registerSummarySchema.safeParse({ ...summary, needsMapping: [label] }).success).toBe(
      true,
    );
    expect(
      registerSummarySchema.safeParse({ ...summary, needsMapping: [{ ...label, count: 0 }] })
        .success,
    ).toBe(false);
  });

  it.each([
    { what: 'no type', message: { reading: goodReading } },
    { what: 'an unknown type', message: { type: 'content:delete-everything' } },
    {
      what: 'a broadcast posing as a request',
      message: { type: 'background:data-changed', reason: 'reading', pupilIds: [] },
    },
    {
      what: 'a reading without pupils',
      message: {
        type: 'content:reading',
        reading: { ...goodReading, pupils: undefined },
        url: 'http://127.0.0.1/',
        saved: false,
      },
    },
    {
      what: 'a mark with a bad date',
      message: {
        type: 'content:reading',
        reading: reading([
          {
            key: 'a',
            marks: [{ date: '2/3/2026', session: 'AM', raw: '/', code: '/', editable: false }],
          },
        ]),
        url: 'http://127.0.0.1/',
        saved: true,
      },
    },
    {
      what: 'a url that is not one',
      message: { type: 'content:reading', reading: goodReading, url: 'register', saved: true },
    },
    {
      what: 'a saved flag that is a string',
      message: {
        type: 'content:reading',
        reading: goodReading,
        url: 'http://127.0.0.1/',
        saved: 'yes',
      },
    },
    { what: 'not an object', message: 'content:reading' },
  ])('should reject $what', ({ message }) => {
    expect(requestSchema.safeParse(message).success).toBe(false);
  });
});
