/**
 * The store: the only module that imports Dexie. Extension pages call these functions directly
 * (they share the extension origin's IndexedDB with the worker); content scripts go through
 * `utils/messaging`.
 */
export * from './maintenance';
export * from './marks';
export * from './prior';
export * from './queries';
export * from './recompute';
export { selectStorableMarks, storedCode } from './storable';
export { storeDumpSchema, type StoreDump } from './records';
export {
  db,
  useDatabase,
  isImportSite,
  misIdFor,
  misIdPart,
  normaliseMisId,
  normaliseName,
  SCHEMA_VERSION,
  type FiguresRecord,
  type FlagReviewRecord,
  type ImportBatchRecord,
  type MarkChange,
  type MarkKey,
  type PriorImportRecord,
  type PriorSummaryRecord,
  type PupilRecord,
  type SiteRecord,
  type StoredMark,
  type StoredStageRecord,
} from './schema';
