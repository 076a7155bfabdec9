import { describe, expect, it } from 'vitest';
import {
  createPseudonymiser,
  generatePseudonymSecret,
  PSEUDONYM_PATTERN,
} from '../../utils/transfer/pseudonym';

const secret = (fill: number) => new Uint8Array(32).fill(fill);

describe('pseudonyms', () => {
  it('should give the same pseudonym for the same pupil and secret across exports', async () => {
    const first = await createPseudonymiser(secret(7));
    const later = await createPseudonymiser(secret(7));

    expect(await first.pseudonym('A123')).toBe(await later.pseudonym('A123'));
  });

  it('should look like P- and ten base32 characters', async () => {
    const p = await createPseudonymiser(secret(1));

    expect(await p.pseudonym('K801234567012')).toMatch(PSEUDONYM_PATTERN);
  });

  it('should give different pseudonyms under a different secret', async () => {
    const a = await createPseudonymiser(secret(1));
    const b = await createPseudonymiser(secret(2));

    expect(await a.pseudonym('A123')).not.toBe(await b.pseudonym('A123'));
  });

  it('should give distinct pseudonyms to distinct pupils', async () => {
    const p = await createPseudonymiser(generatePseudonymSecret());
    const ids = Array.from({ length: 500 }, (_, i) => `S${10000 + i}`);

    const map = await p.pseudonyms(ids);

    expect(new Set(map.values()).size).toBe(500);
  });

  it('should refuse a secret too short to be a key', async () => {
    await expect(createPseudonymiser(new Uint8Array(4))).rejects.toThrow(/at least 16 bytes/);
  });
});
