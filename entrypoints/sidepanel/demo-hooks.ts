import { academicYearStart } from '../../utils/attendance/calendar';
import { analyseFigures } from '../../utils/attendance/analyse';
import type { Reading } from '../../utils/registers/schema';
import {
  addStageRecord,
  applyReading,
  importRows,
  recomputeAll,
  reviewFlag,
  saveIntervention,
  saveNote,
  setPupilTags,
  type CanonicalRow,
} from '../../utils/store';

/**
 * Demo build only (main.tsx loads this behind `import.meta.env.MODE === 'demo'`, so production
 * bundles never contain it): lets end-to-end tests seed the extension's own IndexedDB through the
 * store's real functions from inside an extension page.
 */
export interface DemoHooks {
  seed(input: {
    rows: CanonicalRow[];
    siteId: string;
    asOf: string;
    at: string;
    reading?: { reading: Reading; url: string };
  }): Promise<{ pupils: number }>;
  applyReading: typeof applyReading;
  saveNote: typeof saveNote;
  saveIntervention: typeof saveIntervention;
  addStageRecord: typeof addStageRecord;
  reviewFlag: typeof reviewFlag;
  setPupilTags: typeof setPupilTags;
}

export function install(): void {
  const hooks: DemoHooks = {
    async seed({ rows, siteId, asOf, at, reading }) {
      await importRows(rows, { batchLabel: 'e2e seed', siteId, at });
      if (reading) await applyReading({ ...reading, saved: true, at });
      const pupils = await recomputeAll({
        analyse: analyseFigures,
        asOf,
        from: `${academicYearStart(asOf)}-09-01`,
        at,
      });
      return { pupils };
    },
    applyReading,
    saveNote,
    saveIntervention,
    addStageRecord,
    reviewFlag,
    setPupilTags,
  };
  (globalThis as { registerLensDemo?: DemoHooks }).registerLensDemo = hooks;
}
