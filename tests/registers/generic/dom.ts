import { parsePage } from '../helpers';

/** A body fragment parsed as a page, for the generic reader's module tests. */
export const page = (body: string, head = ''): Document =>
  parsePage(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`);

/** The first element matching `selector`, or a failure that names it. */
export function one(doc: ParentNode, selector: string): Element {
  const el = doc.querySelector(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el;
}
