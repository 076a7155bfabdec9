import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  BackupError,
  createBackup,
  DEFAULT_PBKDF2_ITERATIONS,
  fromTypedJson,
  openBackup,
  passphraseStrength,
  readBackupHeader,
  restoreBackup,
  toTypedJson,
} from '../../utils/transfer/backup';

// Tests use a low count to stay fast; the default is checked on its own below.
const fast = { createdAt: '2026-01-21T10:00:00.000Z', iterations: 100_000 };
const passphrase = 'correct horse battery staple';
const dump = {
  version: 2,
  tables: {
    pupils: [{ id: 'import:x|S1', name: "Zoë Ø'Brien", tags: ['fsm'] }],
    marks: Array.from({ length: 200 }, (_, i) => ({
      pupilId: 'import:x|S1',
      date: `2025-09-${String((i % 28) + 1).padStart(2, '0')}`,
      session: i % 2 ? 'PM' : 'AM',
      mark: '/',
    })),
    notes: [{ id: 1, at: new Date('2025-10-01T08:30:00.000Z'), text: 'Spoke to mum' }],
    blobs: [{ id: 1, bytes: new Uint8Array([0, 1, 255]) }],
  },
};

describe('encrypted backup', () => {
  it('should use at least 600,000 PBKDF2 iterations by default', () => {
    expect(DEFAULT_PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
  });

  it('should round-trip every record exactly, Dates and bytes included', async () => {
    const file = await createBackup(dump, passphrase, fast);

    await expect(openBackup(file, passphrase)).resolves.toEqual(dump);
  });

  it('should write a versioned header and no readable data', async () => {
    const file = await createBackup(dump, passphrase, fast);

    const header = readBackupHeader(file);
    expect(header).toMatchObject({
      format: 'register-lens-backup',
      version: 1,
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 100_000 },
      cipher: { name: 'AES-GCM', length: 256 },
    });
    expect(Buffer.from(header.kdf.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(header.cipher.iv, 'base64')).toHaveLength(12);
    expect(file).not.toContain('Spoke');
  });

  it('should refuse a wrong passphrase with a clear error', async () => {
    const file = await createBackup(dump, passphrase, fast);

    await expect(openBackup(file, 'wrong horse battery staple')).rejects.toMatchObject({
      code: 'wrong-passphrase',
      message: expect.stringMatching(/does not open this backup/),
    });
  });

  it('should refuse a file whose header was edited, even with the right passphrase', async () => {
    const file = JSON.parse(await createBackup(dump, passphrase, fast)) as Record<string, unknown>;
    file.createdAt = '2020-01-01T00:00:00.000Z';

    await expect(openBackup(JSON.stringify(file), passphrase)).rejects.toBeInstanceOf(BackupError);
  });

  it.each([
    ['not JSON at all', 'not-a-backup'],
    ['{"format":"something-else"}', 'not-a-backup'],
    ['{"format":"register-lens-backup","version":9}', 'unsupported-version'],
  ])('should refuse %s', async (text, code) => {
    await expect(openBackup(text, passphrase)).rejects.toMatchObject({ code });
  });

  it('should refuse a passphrase shorter than 10 characters', async () => {
    await expect(createBackup(dump, 'short', fast)).rejects.toMatchObject({
      code: 'weak-passphrase',
    });
  });

  it('should not touch the store when the passphrase is wrong', async () => {
    const file = await createBackup(dump, passphrase, fast);
    let restored = 0;

    await expect(
      restoreBackup(file, 'not the passphrase', {
        schema: z.any(),
        restoreAll: async () => void restored++,
      }),
    ).rejects.toMatchObject({ code: 'wrong-passphrase' });
    expect(restored).toBe(0);
  });

  it('should validate the dump before restoring and refuse one that does not fit', async () => {
    const file = await createBackup({ unexpected: true }, passphrase, fast);
    let restored = 0;
    const schema = z.object({ tables: z.record(z.string(), z.array(z.unknown())) });

    await expect(
      restoreBackup(file, passphrase, { schema, restoreAll: async () => void restored++ }),
    ).rejects.toMatchObject({ code: 'invalid-contents' });
    expect(restored).toBe(0);
  });

  it('should restore a dump that fits', async () => {
    const file = await createBackup(dump, passphrase, fast);
    const seen: unknown[] = [];

    await restoreBackup(file, passphrase, {
      schema: z.any(),
      restoreAll: async (d) => void seen.push(d),
    });

    expect(seen).toEqual([dump]);
  });
});

describe('typed JSON', () => {
  it('should bring back Dates and byte arrays as they were', () => {
    const value = { at: new Date('2025-01-02T03:04:05.006Z'), b: new Uint8Array([9, 8]), n: null };

    expect(fromTypedJson(toTypedJson(value))).toEqual(value);
  });
});

describe('passphrase strength hint', () => {
  it.each([
    ['short', 0],
    ['aaaaaaaaaaaa', 1],
    ['sunflower12', 2],
    ['purple otter lamp river', 4],
  ])('should rate %j as %i', (p, score) => {
    expect(passphraseStrength(p).score).toBe(score);
  });
});
