import { z } from 'zod';
import { academicYearStart, englishSchoolYear, type SchoolCalendar } from '../attendance/calendar';
import { schoolCalendarSchema } from '../attendance/calendar-schema';
import { DEFAULT_THRESHOLDS, thresholdsSchema } from '../attendance/thresholds';
import { isMatchPattern } from './sites';

/**
 * The school's settings, stored as one versioned record. Stored data is never trusted: it is
 * repaired field by field, so one bad value costs that value, never the rest of the settings.
 */

export const SETTINGS_VERSION = 1;

export const retentionSchema = z.object({
  /** Academic years kept, counting the current one: 2 keeps this year and the previous one. */
  academicYears: z.number().int().min(1).max(10),
});
export type Retention = z.infer<typeof retentionSchema>;

export const matchPatternSchema = z
  .string()
  .refine(isMatchPattern, 'expected a match pattern such as https://school.example/*');

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  thresholds: thresholdsSchema,
  /**
   * The school's own calendar; null means the default English year for whatever date is being
   * looked at (see `calendarFor`), which keeps the settings free of a clock.
   */
  calendar: z.nullable(schoolCalendarSchema),
  retention: retentionSchema,
  /** Badges on the register page. */
  overlayEnabled: z.boolean(),
  /** Initials instead of names on screens others may see. */
  privacyScreen: z.boolean(),
  /** The MIS addresses the school enabled, as match patterns. */
  sites: z.array(matchPatternSchema),
  /** School-wide label → code mappings (a school's sub-codes, an MIS's words). */
  markMappings: z.record(z.string().min(1), z.string()),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  version: SETTINGS_VERSION,
  thresholds: { ...DEFAULT_THRESHOLDS },
  calendar: null,
  retention: { academicYears: 2 },
  overlayEnabled: true,
  privacyScreen: false,
  sites: [],
  markMappings: {},
});

export const defaultSettings = (): Settings => structuredClone(DEFAULT_SETTINGS) as Settings;

/** The calendar in force on `date`: the school's own, or the default English year holding it. */
export function calendarFor(settings: Pick<Settings, 'calendar'>, date: string): SchoolCalendar {
  return settings.calendar ?? englishSchoolYear(academicYearStart(date));
}

/** The first date retention keeps: 1 September of the oldest academic year kept. */
export function retentionCutoff(retention: Retention, today: string): string {
  return `${academicYearStart(today) - (retention.academicYears - 1)}-09-01`;
}

export interface RepairResult {
  settings: Settings;
  /** Dotted paths of every value replaced by its default or dropped ([] when all was well). */
  repaired: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Turns anything (an older version, a hand-edited backup, a corrupt record) into valid settings,
 * keeping every valid value and listing what it had to repair.
 */
export function repairSettings(input: unknown): RepairResult {
  const settings = defaultSettings();
  const repaired: string[] = [];
  if (!isRecord(input)) return { settings, repaired: ['settings'] };

  if (input.version !== SETTINGS_VERSION) repaired.push('version');

  // Thresholds one by one; a missing one takes its default quietly (newer fields on older data).
  if (input.thresholds !== undefined && !isRecord(input.thresholds)) repaired.push('thresholds');
  const thresholds = isRecord(input.thresholds) ? input.thresholds : {};
  const shape = thresholdsSchema.shape;
  const repairedThresholds: Record<string, unknown> = {};
  for (const key of Object.keys(shape) as Array<keyof typeof shape>) {
    const parsed = shape[key].safeParse(thresholds[key]);
    if (parsed.success) repairedThresholds[key] = parsed.data;
    else {
      repairedThresholds[key] = DEFAULT_THRESHOLDS[key];
      repaired.push(`thresholds.${key}`);
    }
  }
  settings.thresholds = thresholdsSchema.parse(repairedThresholds);

  const field = <K extends 'calendar' | 'retention' | 'overlayEnabled' | 'privacyScreen'>(
    key: K,
  ) => {
    if (!(key in input)) return;
    const parsed = settingsSchema.shape[key].safeParse(input[key]);
    if (parsed.success) settings[key] = parsed.data as Settings[K];
    else repaired.push(key);
  };
  field('calendar');
  field('retention');
  field('overlayEnabled');
  field('privacyScreen');

  if (Array.isArray(input.sites)) {
    settings.sites = [];
    input.sites.forEach((site, i) => {
      if (matchPatternSchema.safeParse(site).success) {
        if (!settings.sites.includes(site as string)) settings.sites.push(site as string);
      } else repaired.push(`sites.${i}`);
    });
  } else if ('sites' in input) repaired.push('sites');

  if (isRecord(input.markMappings)) {
    for (const [label, code] of Object.entries(input.markMappings)) {
      if (label !== '' && typeof code === 'string') settings.markMappings[label] = code;
      else repaired.push(`markMappings.${label}`);
    }
  } else if ('markMappings' in input) repaired.push('markMappings');

  return { settings, repaired };
}
