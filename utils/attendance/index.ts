/** The attendance engine's public face: figures, flags, per-pupil analysis, cohorts, calendar. */
export * from './analyse';
export * from './calendar';
export * from './calendar-schema';
export * from './codes';
export * from './cohort';
export * from './engine';
export * from './figures';
export * from './national';
export * from './prior';
export { FLAG_ORDER } from './flags';
export * from './report';
export * from './thresholds';
export { buildTimeline, type Timeline, type Window } from './timeline';
export type * from './types';
export { CONTEXT_TAGS } from './types';
