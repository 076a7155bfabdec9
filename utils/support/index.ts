/** The support module's public face: next steps, the records staff keep, and their impact. */
export * from './suggest';
export * from './records';
export * from './wording';
export * from './impact';
export * from './template';
