import type { MarkMapping } from './mapping';
import type { Reading } from './schema';
import type { TaughtLayout } from './teach-schema';

/** What a reader returns: a reading and how sure it is, or why there is no register. */
export type ReadResult =
  { ok: true; reading: Reading; confidence: number } | { ok: false; reason: string };

export interface ReadOptions {
  /** The user's mapping of labels to codes for this site (settings). */
  mapping?: MarkMapping;
  /** A layout the user taught for this site and path; used before anything else. */
  siteMapping?: TaughtLayout;
  /** false reads with the generic reader only (adapters switched off). */
  adapters?: boolean;
}

/**
 * One MIS adapter: pure, `(root, url) → reading`. `matches` is cheap and decides whether `read`
 * is tried; `read` throws a clear error when a node it needs is missing (the registry then falls
 * back to the generic reader with a warning) and never returns a silent partial reading.
 */
export interface Adapter {
  id: string;
  label: string;
  matches(url: string, root: ParentNode): boolean;
  read(root: ParentNode, url: string, mapping: MarkMapping | undefined): Reading;
}

/** An adapter's answer that the page is its MIS but holds no register (a report, a summary). */
export class NotARegister extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotARegister';
  }
}
