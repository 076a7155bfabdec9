import { ADAPTERS } from './adapters';
import { readGeneric } from './generic';
import {
  flagPendingAbsences,
  mappingWarnings,
  NEEDS_MAPPING_WARNING,
  UNMAPPED_WARNING,
  type MarkMapping,
} from './mapping';
import { readingOutSchema, readingSchema, type Reading } from './schema';
import { layoutApplies, readWithLayout } from './teach';
import { NotARegister, type ReadOptions, type ReadResult } from './types';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Every reading says which marks no mapping decides and which absences wait for one, by label
 * and count, in one wording whichever reader made it (a reader's own list of these is replaced).
 */
function withMappingWarnings(reading: Reading, site: MarkMapping | undefined): Reading {
  flagPendingAbsences(reading.pupils, site);
  const own = reading.warnings.filter(
    (w) => !w.startsWith(UNMAPPED_WARNING) && !w.startsWith(NEEDS_MAPPING_WARNING),
  );
  return { ...reading, warnings: [...own, ...mappingWarnings(reading.pupils)] };
}

function valid(read: Reading, confidence: number, site?: MarkMapping): ReadResult {
  const reading = withMappingWarnings(read, site);
  const parsed = readingOutSchema.safeParse(reading);
  if (!parsed.success) {
    // The full schema names the field at fault; only a field the contract lacks passes it.
    const full = readingSchema.safeParse(reading);
    const why = full.success ? parsed.error.issues[0]?.message : full.error.issues[0]?.message;
    return { ok: false, reason: `The reading did not pass its schema: ${why}` };
  }
  // `readingOutSchema` passed every pupil by `isReadPupil`: the pupils are a reading's.
  return { ok: true, reading: parsed.data as Reading, confidence };
}

/**
 * Reads the register on a page: a taught layout for this site first, then the adapter whose MIS
 * this is, then the generic reader. An adapter that fails falls back to the generic reader with
 * a warning; nothing here throws.
 */
export function readRegister(root: ParentNode, url: string, options: ReadOptions = {}): ReadResult {
  try {
    const warnings: string[] = [];
    if (options.siteMapping && layoutApplies(options.siteMapping, url)) {
      try {
        return valid(
          readWithLayout(root, url, options.siteMapping, options.mapping),
          1,
          options.mapping,
        );
      } catch (e) {
        warnings.push(
          `The taught layout did not fit this page (${message(e)}); read by meaning instead.`,
        );
      }
    }
    if (options.adapters !== false) {
      for (const adapter of ADAPTERS) {
        let matches = false;
        try {
          matches = adapter.matches(url, root);
        } catch {
          matches = false;
        }
        if (!matches) continue;
        try {
          const reading = adapter.read(root, url, options.mapping);
          reading.warnings.unshift(...warnings);
          return valid(reading, 1, options.mapping);
        } catch (e) {
          if (e instanceof NotARegister)
            return { ok: false, reason: `No register found: ${e.message}` };
          warnings.push(
            `The ${adapter.label} reader could not read this page (${message(e)}); read by meaning instead.`,
          );
        }
      }
    }
    const result = readGeneric(root, url, { site: options.mapping });
    if (!result.ok) return result;
    result.reading.warnings.unshift(...warnings);
    return valid(result.reading, result.confidence, options.mapping);
  } catch (e) {
    return { ok: false, reason: `The reader failed: ${message(e)}` };
  }
}
