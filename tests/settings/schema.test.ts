import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  calendarFor,
  repairSettings,
  retentionCutoff,
  settingsSchema,
} from '../../utils/settings/schema';
import { matchesPattern } from '../../utils/settings/sites';

describe('settings defaults', () => {
  it('should be valid settings that keep this and the previous academic year', () => {
    expect(settingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.retention.academicYears).toBe(2);
  });

  it('should use the default English year holding the date when the school set no calendar', () => {
    const calendar = calendarFor(DEFAULT_SETTINGS, '2026-03-02');

    expect(calendar.terms[0]?.start.slice(0, 7)).toBe('2025-09');
  });
});

describe('repairSettings', () => {
  it('should keep valid settings untouched and report nothing', () => {
    expect(repairSettings(structuredClone(DEFAULT_SETTINGS))).toEqual({
      settings: DEFAULT_SETTINGS,
      repaired: [],
    });
  });

  it.each([
    { what: 'a non-object', input: 'oops', repaired: ['settings'] },
    { what: 'a wrong version', patch: { version: 99 }, repaired: ['version'] },
    { what: 'a bad boolean', patch: { overlayEnabled: 'yes' }, repaired: ['overlayEnabled'] },
    {
      what: 'a bad retention',
      patch: { retention: { academicYears: 0 } },
      repaired: ['retention'],
    },
    { what: 'a broken calendar', patch: { calendar: { terms: 'x' } }, repaired: ['calendar'] },
    {
      what: 'one bad threshold among good ones',
      patch: { thresholds: { ...DEFAULT_SETTINGS.thresholds, severePct: 150, atRiskPct: 6 } },
      repaired: ['thresholds.severePct'],
    },
    {
      what: 'one bad site among good ones',
      patch: { sites: ['https://mis.example/*', 'not a pattern'] },
      repaired: ['sites.1'],
    },
    {
      what: 'a mapping to a non-code',
      patch: { markMappings: { Late: 'L', Odd: 3 } },
      repaired: ['markMappings.Odd'],
    },
  ])('should repair $what and only that', ({ input, patch, repaired }) => {
    const result = repairSettings(input ?? { ...structuredClone(DEFAULT_SETTINGS), ...patch });

    expect(result.repaired).toEqual(repaired);
    expect(settingsSchema.safeParse(result.settings).success).toBe(true);
  });

  it('should keep the good values next to a repaired one', () => {
    const { settings } = repairSettings({
      ...structuredClone(DEFAULT_SETTINGS),
      thresholds: { ...DEFAULT_SETTINGS.thresholds, severePct: 'half', atRiskPct: 6 },
      sites: ['https://mis.example/*', 42],
      privacyScreen: true,
    });

    expect(settings.thresholds.severePct).toBe(50);
    expect(settings.thresholds.atRiskPct).toBe(6);
    expect(settings.sites).toEqual(['https://mis.example/*']);
    expect(settings.privacyScreen).toBe(true);
  });

  it('should fill a threshold added in a later release quietly', () => {
    const { severePct: _dropped, ...older } = DEFAULT_SETTINGS.thresholds;

    const result = repairSettings({ ...structuredClone(DEFAULT_SETTINGS), thresholds: older });

    expect(result.repaired).toEqual([]);
    expect(result.settings.thresholds.severePct).toBe(50);
  });
});

describe('retentionCutoff', () => {
  it.each([
    { today: '2026-03-02', years: 2, cutoff: '2024-09-01' },
    { today: '2026-08-31', years: 2, cutoff: '2024-09-01' },
    { today: '2026-09-01', years: 2, cutoff: '2025-09-01' },
    { today: '2026-03-02', years: 1, cutoff: '2025-09-01' },
  ])('should keep from $cutoff on $today with $years year(s)', ({ today, years, cutoff }) => {
    expect(retentionCutoff({ academicYears: years }, today)).toBe(cutoff);
  });
});

describe('matchesPattern', () => {
  it.each([
    { pattern: 'http://127.0.0.1/*', url: 'http://127.0.0.1:5177/register/7B', matches: true },
    { pattern: 'https://*.arbor.sc/*', url: 'https://school.uk.arbor.sc/x', matches: true },
    { pattern: 'https://*.arbor.sc/*', url: 'https://arbor.sc.evil.example/x', matches: false },
    {
      pattern: 'https://mis.example/attendance/*',
      url: 'https://mis.example/admin',
      matches: false,
    },
    { pattern: 'https://mis.example/*', url: 'http://mis.example/', matches: false },
    { pattern: '*://mis.example/*', url: 'http://mis.example/', matches: true },
    { pattern: 'https://mis.example/*', url: 'not a url', matches: false },
  ])('should say $matches for $url against $pattern', ({ pattern, url, matches }) => {
    expect(matchesPattern(pattern, url)).toBe(matches);
  });
});
