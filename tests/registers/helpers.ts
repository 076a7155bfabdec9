import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Window } from 'happy-dom';
import { fixParsedSelects } from '../../scripts/read-register';

/** The shared fixtures, read in place (never copied into the repo). */
export const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures/registers');

/** Real Gibbon v21 screens (class and person registers), read in place like the others. */
export const FIXTURES_GIBBON_V21 = resolve(FIXTURES, '../registers-gibbon-v21');

export const fixtureDirs = (root = FIXTURES): string[] =>
  readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'page.html')))
    .map((d) => d.name)
    .sort();

export const fixtureHtml = (name: string, root = FIXTURES): string =>
  readFileSync(join(root, name, 'page.html'), 'utf8');

export interface ExpectedMark {
  date: string;
  session: 'AM' | 'PM';
  raw: string;
  code: string | null;
  category: string | string[];
  editable: boolean;
}
export interface Expected {
  register?: false;
  group?: string | null;
  date?: string | null;
  session?: string | null;
  taken?: boolean | null;
  pupils?: { name: string; marks: ExpectedMark[] }[];
}

export const expected = (name: string, file = 'expected.json', root = FIXTURES): Expected =>
  JSON.parse(readFileSync(join(root, name, file), 'utf8')) as Expected;

/** A static page parsed as a browser would (without running its scripts). */
export function parsePage(html: string, url = 'https://mis.example/register'): Document {
  const window = new Window({ url });
  const doc = new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
  fixParsedSelects(doc);
  return doc;
}
