import { describe, expect, it } from 'vitest';
import { readRegister } from '../../utils/registers/read';
import { textOf } from '../../utils/registers/text';
import { fixtureHtml, parsePage } from './helpers';

/** A small seeded generator, so a failure replays exactly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOISE = [
  '/',
  '\\',
  'N',
  'Present',
  'Absent - I Illness',
  'Mon 19/01',
  '21/01/2026',
  'AM',
  '-',
  'Total 12',
];
const ATTRS = [
  'title',
  'aria-label',
  'aria-pressed',
  'colspan',
  'selected',
  'hidden',
  'role',
  'data-pupil-id',
];

function mutate(doc: Document, random: () => number): void {
  const all = Array.from(doc.body.querySelectorAll('*'));
  const pick = () => all[Math.floor(random() * all.length)]!;
  for (let i = 0; i < 8; i++) {
    const kind = random();
    const el = pick();
    if (kind < 0.35) {
      if (el.isConnected && el !== doc.body) el.remove();
    } else if (kind < 0.7) {
      const from = pick();
      const name = ATTRS[Math.floor(random() * ATTRS.length)]!;
      const value = from.getAttribute(name) ?? NOISE[Math.floor(random() * NOISE.length)]!;
      el.setAttribute(name, value);
      from.removeAttribute(name);
    } else {
      const noise = doc.createElement(random() < 0.5 ? 'td' : 'span');
      noise.textContent = NOISE[Math.floor(random() * NOISE.length)]!;
      if (random() < 0.5) noise.setAttribute('title', NOISE[Math.floor(random() * NOISE.length)]!);
      if (el.isConnected) el.appendChild(noise);
    }
  }
}

describe('reading mutated register pages', () => {
  it.each(['week-table-codes', 'gibbon-register-taken', 'officer-marks-grid'])(
    'should never throw nor report a pupil who is not on the page (%s)',
    (name) => {
      const random = rng(name.length * 7919);
      const doc = parsePage(fixtureHtml(name));
      for (let i = 0; i < 14; i++) {
        mutate(doc, random);
        const result = readRegister(doc, 'https://mis.example/register', { adapters: i % 2 === 0 });
        if (!result.ok) continue;
        const text = textOf(doc.body);
        for (const p of result.reading.pupils) expect(text, `iteration ${i}`).toContain(p.name);
      }
    },
    60_000,
  );
});
