import { describe, expect, it } from 'vitest';
import { requestSchema } from '../../utils/messaging/protocol';
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
