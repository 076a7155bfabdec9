import type { Adapter } from '../types';
import { gibbon } from './gibbon';

/**
 * The one adapter registry: every MIS adapter, tried in this order before the generic reader.
 * Each adapter's file name is its id, and every id here must have fixtures (tests check it).
 */
export const ADAPTERS: readonly Adapter[] = [gibbon];
