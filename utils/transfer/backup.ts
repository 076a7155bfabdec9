import { z } from 'zod';

/**
 * The encrypted backup: every table of the store in one file, to move to a new computer. The
 * file is a small JSON envelope whose header says how to open it; the payload is the typed-JSON
 * dump, gzipped, then sealed with AES-GCM 256 under a key stretched from the passphrase with
 * PBKDF2-SHA-256. The header itself is bound into the seal as additional data, so a file whose
 * iteration count or salt has been edited fails to open rather than opening weaker.
 */

export const BACKUP_FORMAT = 'register-lens-backup';
export const BACKUP_VERSION = 1;
/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256. */
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;
/** Lower counts are refused when opening, so a forged header cannot make guessing cheap. */
export const MIN_PBKDF2_ITERATIONS = 100_000;
export const MIN_PASSPHRASE_LENGTH = 10;

export type BackupErrorCode =
  | 'not-a-backup'
  | 'unsupported-version'
  | 'wrong-passphrase'
  | 'invalid-contents'
  | 'weak-passphrase';

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int(),
  createdAt: z.string(),
  kdf: z.object({
    name: z.literal('PBKDF2'),
    hash: z.literal('SHA-256'),
    iterations: z.number().int().min(MIN_PBKDF2_ITERATIONS).max(100_000_000),
    salt: b64,
  }),
  cipher: z.object({ name: z.literal('AES-GCM'), length: z.literal(256), iv: b64 }),
  compression: z.enum(['gzip', 'none']),
});
const envelopeSchema = headerSchema.extend({ ciphertext: b64 });
export type BackupHeader = z.infer<typeof headerSchema>;
export type BackupEnvelope = z.infer<typeof envelopeSchema>;

// ——— bytes ———

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep String.fromCharCode's argument list well under engine limits.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function pump(
  stream: CompressionStream | DecompressionStream,
  input: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const writer = stream.writable.getWriter();
  // Written without awaiting: the reader below must drain concurrently or a large input stalls.
  const written = writer.write(input as Uint8Array<ArrayBuffer>).then(() => writer.close());
  const chunks: Uint8Array[] = [];
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  await written;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

const canCompress = () => typeof CompressionStream === 'function';

// ——— typed JSON: Dates and byte arrays survive the trip exactly ———

const TAG = '$rl';

/** JSON text that brings Dates, byte arrays and undefined-free objects back as they were. */
export function toTypedJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const original = this[key];
    if (original instanceof Date) return { [TAG]: 'date', v: original.toISOString() };
    if (original instanceof Uint8Array) return { [TAG]: 'bytes', v: toBase64(original) };
    if (original instanceof ArrayBuffer) {
      return { [TAG]: 'buffer', v: toBase64(new Uint8Array(original)) };
    }
    return v;
  });
}

export function fromTypedJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && TAG in v && 'v' in v && Object.keys(v).length === 2) {
      const { [TAG]: tag, v: payload } = v as { [TAG]: string; v: string };
      if (tag === 'date') return new Date(payload);
      if (tag === 'bytes') return fromBase64(payload);
      if (tag === 'buffer') return fromBase64(payload).buffer;
    }
    return v;
  });
}

// ——— keys ———

async function deriveKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(passphrase.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The header exactly as sealed: fixed key order, so the same header always gives the same bytes. */
function headerBytes(h: BackupHeader): Uint8Array<ArrayBuffer> {
  const canonical = {
    format: h.format,
    version: h.version,
    createdAt: h.createdAt,
    kdf: { name: h.kdf.name, hash: h.kdf.hash, iterations: h.kdf.iterations, salt: h.kdf.salt },
    cipher: { name: h.cipher.name, length: h.cipher.length, iv: h.cipher.iv },
    compression: h.compression,
  };
  return new TextEncoder().encode(JSON.stringify(canonical));
}

// ——— passphrases ———

export interface PassphraseStrength {
  /** 0 (unusable) to 4 (strong). */
  score: 0 | 1 | 2 | 3 | 4;
  hint: string;
}

/**
 * A rough, honest hint, not a guarantee: length matters most, so a few unrelated words beat a
 * short mix of symbols. Below the minimum the backup cannot be made at all.
 */
export function passphraseStrength(passphrase: string): PassphraseStrength {
  const p = passphrase.normalize('NFC');
  if (p.length < MIN_PASSPHRASE_LENGTH) {
    return {
      score: 0,
      hint: `Use at least ${MIN_PASSPHRASE_LENGTH} characters. Three or four unrelated words work well.`,
    };
  }
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(p)).length;
  const distinct = new Set(p).size;
  if (distinct < 5) return { score: 1, hint: 'Too repetitive: use different words or characters.' };
  const words = p.split(/[\s\-_.]+/).filter((w) => w.length >= 3).length;
  const score =
    (p.length >= 20 || words >= 4 ? 2 : 0) + (p.length >= 14 ? 1 : 0) + (kinds >= 3 ? 1 : 0);
  if (score >= 3)
    return {
      score: 4,
      hint: 'Strong. Keep it somewhere safe: without it the backup cannot be opened.',
    };
  if (score >= 2) return { score: 3, hint: 'Good. A longer passphrase would be stronger still.' };
  return { score: 2, hint: 'Fair. Add another word or two to make it harder to guess.' };
}

// ——— seal and open ———

export interface CreateBackupOptions {
  /** ISO timestamp written into the header (the module has no clock). */
  createdAt: string;
  iterations?: number;
}

/** Seals any JSON-able dump (Dates and byte arrays allowed) as the text of a backup file. */
export async function createBackup(
  dump: unknown,
  passphrase: string,
  options: CreateBackupOptions,
): Promise<string> {
  if (passphraseStrength(passphrase).score === 0) {
    throw new BackupError(
      'weak-passphrase',
      `The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long.`,
    );
  }
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: options.createdAt,
    kdf: {
      name: 'PBKDF2',
      hash: 'SHA-256',
      iterations: options.iterations ?? DEFAULT_PBKDF2_ITERATIONS,
      salt: toBase64(salt),
    },
    cipher: { name: 'AES-GCM', length: 256, iv: toBase64(iv) },
    compression: canCompress() ? 'gzip' : 'none',
  };
  const plain = new TextEncoder().encode(toTypedJson(dump));
  const payload =
    header.compression === 'gzip' ? await pump(new CompressionStream('gzip'), plain) : plain;
  const key = await deriveKey(passphrase, salt, header.kdf.iterations);
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: headerBytes(header) },
    key,
    payload,
  );
  const envelope: BackupEnvelope = { ...header, ciphertext: toBase64(new Uint8Array(sealed)) };
  return JSON.stringify(envelope);
}

/** Reads only the header, to show when a backup was made before asking for its passphrase. */
export function readBackupHeader(text: string): BackupHeader {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError('not-a-backup', 'This file is not a Register Lens backup.');
  }
  const format = (json as { format?: unknown } | null)?.format;
  const version = (json as { version?: unknown } | null)?.version;
  if (format !== BACKUP_FORMAT) {
    throw new BackupError('not-a-backup', 'This file is not a Register Lens backup.');
  }
  if (version !== BACKUP_VERSION) {
    throw new BackupError(
      'unsupported-version',
      `This backup was made by a newer version of Register Lens (format ${String(version)}). Update the extension, then try again.`,
    );
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    throw new BackupError(
      'not-a-backup',
      'This backup file is damaged: its header cannot be read.',
    );
  }
  const { ciphertext: _ciphertext, ...header } = parsed.data;
  return header;
}

/** Opens a backup and returns the dump, or throws a BackupError that says what went wrong. */
export async function openBackup(text: string, passphrase: string): Promise<unknown> {
  const header = readBackupHeader(text);
  const envelope = envelopeSchema.parse(JSON.parse(text));
  const key = await deriveKey(passphrase, fromBase64(header.kdf.salt), header.kdf.iterations);
  let payload: Uint8Array<ArrayBuffer>;
  try {
    payload = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64(header.cipher.iv), additionalData: headerBytes(header) },
        key,
        fromBase64(envelope.ciphertext),
      ),
    );
  } catch {
    // AES-GCM cannot tell a wrong key from a damaged file; both fail the same authentication.
    throw new BackupError(
      'wrong-passphrase',
      'That passphrase does not open this backup (or the file has been changed). Nothing has been restored.',
    );
  }
  try {
    const plain =
      header.compression === 'gzip'
        ? await pump(new DecompressionStream('gzip'), payload)
        : payload;
    return fromTypedJson(new TextDecoder('utf-8', { fatal: true }).decode(plain));
  } catch {
    throw new BackupError(
      'invalid-contents',
      'This backup opened but its contents cannot be read.',
    );
  }
}

/**
 * Opens, validates, then restores. The dump is checked against the store's own schema before the
 * store is touched, so a backup that opens but does not fit is refused with nothing changed.
 */
export async function restoreBackup<T>(
  text: string,
  passphrase: string,
  target: { schema: z.ZodType<T>; restoreAll(dump: T): Promise<unknown> },
): Promise<T> {
  const dump = await openBackup(text, passphrase);
  const checked = target.schema.safeParse(dump);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new BackupError(
      'invalid-contents',
      `This backup does not match what Register Lens stores${issue ? ` (${issue.path.join('.')}: ${issue.message})` : ''}. Nothing has been restored.`,
    );
  }
  await target.restoreAll(checked.data);
  return checked.data;
}
