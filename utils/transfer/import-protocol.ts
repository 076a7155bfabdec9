import { z } from 'zod';
import { columnMappingSchema, type ShapeResult } from './shapes';

/** Messages between the import page and its parsing worker. */

export const importChoiceSchema = z.discriminatedUnion('shape', [
  z.object({ shape: z.literal('canonical') }),
  z.object({ shape: z.literal('mapped'), mapping: columnMappingSchema }),
]);

export const workerRequestSchema = z.object({
  type: z.literal('parse'),
  file: z.instanceof(Blob),
  choice: importChoiceSchema,
});
export type WorkerRequest = z.infer<typeof workerRequestSchema>;

export type ImportPhase = 'reading' | 'parsing' | 'checking' | 'writing';

export interface ImportProgress {
  phase: ImportPhase;
  /** 0 to 1 across the whole import, for one progress bar. */
  fraction: number;
}

export type Encoding = 'utf-8' | 'windows-1252';

export type WorkerReply =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; result: ShapeResult; encoding: Encoding }
  | { type: 'error'; message: string };

/** Where each phase sits on the one bar: reading and parsing are most of the wait. */
export const PHASE_SPAN: Record<ImportPhase, [number, number]> = {
  reading: [0, 0.3],
  parsing: [0.3, 0.75],
  checking: [0.75, 0.8],
  writing: [0.8, 1],
};

export function progressAt(phase: ImportPhase, done: number, total: number): ImportProgress {
  const [from, to] = PHASE_SPAN[phase];
  const part = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  return { phase, fraction: from + (to - from) * part };
}

/**
 * Reads a file's bytes with progress, as UTF-8 when it is valid UTF-8 and otherwise as
 * Windows-1252, which is what Excel and older MIS versions save CSV in on English Windows.
 */
export async function readFileText(
  file: Blob,
  onProgress: (done: number, total: number) => void,
): Promise<{ text: string; encoding: Encoding }> {
  const chunks: Uint8Array[] = [];
  let done = 0;
  if (typeof file.stream === 'function') {
    const reader = file.stream().getReader();
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      chunks.push(next.value);
      done += next.value.length;
      onProgress(done, file.size);
    }
  } else {
    // Some test DOMs give Blob no stream(); read it whole.
    const whole = new Uint8Array(await file.arrayBuffer());
    chunks.push(whole);
    done = whole.length;
    onProgress(done, file.size);
  }
  const bytes = new Uint8Array(done);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}
