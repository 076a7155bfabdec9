/**
 * Pseudonyms for exports: a keyed hash (HMAC-SHA-256) of the pupil id under a secret that never
 * leaves the device. The same secret gives the same pseudonym in every export, so snapshots taken
 * months apart can be joined, while someone holding only the export cannot reverse it or test a
 * guessed UPN against it (a plain hash of a UPN could be brute-forced in seconds).
 */

/** Crockford's base32: no I, L, O or U, so a pseudonym read aloud or retyped stays unambiguous. */
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PSEUDONYM_PATTERN = /^P-[0-9A-HJKMNP-TV-Z]{10}$/;
export const PSEUDONYM_SECRET_BYTES = 32;

export interface Pseudonymiser {
  /** `P-` and 10 base32 characters (50 bits of the HMAC). */
  pseudonym(pupilId: string): Promise<string>;
  /** Pseudonyms for many ids at once, keyed by id. */
  pseudonyms(pupilIds: Iterable<string>): Promise<Map<string, string>>;
}

/** A fresh random secret, made once per device and kept with the rest of the settings. */
export function generatePseudonymSecret(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(PSEUDONYM_SECRET_BYTES));
}

export function encodeBase32(bytes: Uint8Array, chars: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      bits -= 5;
      out += BASE32[(buffer >> bits) & 31];
    }
    if (out.length >= chars) break;
  }
  return out;
}

export async function createPseudonymiser(secret: Uint8Array): Promise<Pseudonymiser> {
  if (secret.byteLength < 16) throw new Error('The pseudonym secret must be at least 16 bytes.');
  const key = await crypto.subtle.importKey(
    'raw',
    secret as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const encoder = new TextEncoder();
  const cache = new Map<string, string>();
  async function pseudonym(pupilId: string): Promise<string> {
    const known = cache.get(pupilId);
    if (known) return known;
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(pupilId)));
    const value = `P-${encodeBase32(mac, 10)}`;
    cache.set(pupilId, value);
    return value;
  }
  return {
    pseudonym,
    async pseudonyms(pupilIds) {
      const ids = [...new Set(pupilIds)];
      const values = await Promise.all(ids.map(pseudonym));
      return new Map(ids.map((id, i) => [id, values[i]!]));
    },
  };
}
