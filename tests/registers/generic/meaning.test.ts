import { describe, expect, it } from 'vitest';
import { NO_LEGEND, type PageLegend } from '../../../utils/registers/generic/legend';
import type { RawMark } from '../../../utils/registers/generic/marks';
import { meanMark } from '../../../utils/registers/generic/meaning';

const raw = (r: string, more: Partial<RawMark> = {}): RawMark => ({
  date: '2026-03-02',
  session: 'AM',
  raw: r,
  editable: false,
  control: false,
  ...more,
});
const FOREIGN: PageLegend = {
  byLabel: new Map([['A', 'Absent']]),
  bySwatch: new Map(),
  foreign: true,
};

describe("a mark's meaning", () => {
  it("should read a letter by the page's own word before the English code", () => {
    expect(meanMark(raw('P', { meaning: 'Present' }), 'AM', {}, FOREIGN)).toMatchObject({
      code: '/',
      byPage: true,
    });
  });

  it('should read a letter a foreign page does not explain as no code, below the line', () => {
    const m = meanMark(raw('T'), 'AM', {}, FOREIGN);
    expect(m).toMatchObject({ code: null, doubtful: true });
    expect(m.confidence).toBeLessThan(0.5);
  });

  it("should let the user's own mapping of a letter win over the page's word", () => {
    const site = { entries: [{ raw: 'P', code: 'P' }] };
    expect(meanMark(raw('P', { meaning: 'Present' }), 'AM', { site }, FOREIGN).code).toBe('P');
  });

  it('should read an English code on a page without a key with full confidence', () => {
    expect(meanMark(raw('N'), 'AM', {}, NO_LEGEND)).toMatchObject({ code: 'N', doubtful: false });
  });
});
