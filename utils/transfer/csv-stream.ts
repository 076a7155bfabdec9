import Papa from 'papaparse';
import type { Encoding } from './import-protocol';
import type { LineMessage } from './marks-csv';

/**
 * CSV read a piece at a time, so an import never holds a whole file's text: a 50 MB export is
 * decoded and split into records one slice after another, and each record keeps the physical
 * line it starts on. The pieces are cut wherever the bytes fall; this module makes the records
 * come out exactly as one parse of the whole text would give them (a row, a CRLF, a multi-byte
 * character or a quoted line break cut in two is joined again).
 */

export interface CsvRecord {
  /** The physical line the record starts on (1-based). */
  line: number;
  fields: string[];
}

export interface CsvChunkOptions {
  /** The field separator; omitted, it is guessed from the first piece as papaparse guesses. */
  delimiter?: string;
}

/** Papaparse's one error a reader must stop at: quoting that never closes or closes badly. */
export interface CsvQuotingError extends LineMessage {
  code: string;
}

/**
 * Splits text pieces into records. `push` takes the next piece and hands every record that
 * is complete to `onRecord`; the tail of a row cut by the piece's end waits for the next piece.
 * Newlines become one convention first (a CR at a piece's end waits to see whether an LF
 * follows), and a byte-order mark at the very start goes, as in `csvBody`.
 */
export class CsvChunker {
  private partial = '';
  /** The physical line `partial` starts on. */
  private line = 1;
  private started = false;
  private carriageReturn = false;
  private delimiter: string | undefined;
  private parser: InstanceType<typeof Papa.Parser> | null = null;
  private stopped = false;

  constructor(
    private readonly onRecord: (record: CsvRecord, quoting: CsvQuotingError | null) => boolean,
    options: CsvChunkOptions = {},
  ) {
    this.delimiter = options.delimiter;
  }

  /** Whether `onRecord` asked to stop (a fatal error): later pieces are then ignored. */
  get done(): boolean {
    return this.stopped;
  }

  push(piece: string, last = false): void {
    if (this.stopped) return;
    let text = piece;
    if (!this.started && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.started = true;
    }
    // A CR that ended the last piece has become a newline already; its LF is not another.
    if (this.carriageReturn && text.charCodeAt(0) === 10) text = text.slice(1);
    this.carriageReturn = text.charCodeAt(text.length - 1) === 13;
    if (text.indexOf('\r') >= 0) text = text.replace(/\r\n?/g, '\n');
    const input = this.partial + text;
    this.partial = '';
    if (!this.parser) {
      if (!last && input.indexOf('\n') < 0) {
        // Not one whole line yet: the delimiter cannot be guessed from half a header.
        this.partial = input;
        return;
      }
      this.parser = this.makeParser(input);
    }
    // Each row's end (papaparse's cursor after it) moves the line count past line breaks
    // inside quoted fields as well as the row's own.
    let cursor = 0;
    let line = this.line;
    this.onRow = (fields, errors, rowEnd) => {
      const start = line;
      for (let i = cursor; i < rowEnd; i++) if (input.charCodeAt(i) === 10) line++;
      cursor = rowEnd;
      const e = errors.find((x) => x.type === 'Quotes');
      const quoting = e ? { line: start, message: e.message, code: e.code } : null;
      if (!this.onRecord({ line: start, fields }, quoting)) {
        this.stopped = true;
        this.parser!.abort();
      }
    };
    const results = (
      this.parser as unknown as {
        parse(input: string, base: number, ignoreLastRow: boolean): Papa.ParseResult<string[]>;
      }
    ).parse(input, 0, !last);
    if (this.stopped || last) return;
    const consumed = results.meta.cursor;
    for (let i = cursor; i < consumed; i++) if (input.charCodeAt(i) === 10) line++;
    this.partial = input.slice(consumed);
    this.line = line;
  }

  private onRow: (fields: string[], errors: Papa.ParseError[], rowEnd: number) => void = () => {};

  private makeParser(head: string): InstanceType<typeof Papa.Parser> {
    if (this.delimiter === undefined) {
      // Exports saved by Excel in some locales use semicolons or tabs: guess as papaparse does.
      const firstLines = head.slice(0, 64 * 1024);
      this.delimiter = Papa.parse<string[]>(firstLines, {
        preview: 10,
        newline: '\n',
      }).meta.delimiter;
    }
    return new Papa.Parser({
      delimiter: this.delimiter,
      newline: '\n',
      quoteChar: '"',
      // The bare parser steps with `data` holding the one row (papaparse's handle unwraps it).
      step: (result: Papa.ParseResult<string[]>) =>
        this.onRow(result.data[0]!, result.errors, result.meta.cursor),
    });
  }
}

/** How much of a file is read at a time: big enough that per-piece costs vanish. */
export const PIECE_BYTES = 1 << 20;

/** Thrown inside `decodePieces` when UTF-8 turns out not to be the file's encoding. */
class NotUtf8 extends Error {}

/**
 * Reads a file a piece at a time and decodes it: as UTF-8 when it is valid UTF-8 and otherwise
 * as Windows-1252, which is what Excel and older MIS versions save CSV in on English Windows.
 * A file found not to be UTF-8 part way through is read again from the start, so `begin` is
 * called once per attempt and whatever it returns receives that attempt's text.
 */
export async function readPieces(
  file: Blob,
  begin: (encoding: Encoding) => (text: string, last: boolean) => void,
  onProgress?: (done: number, total: number) => void,
  pieceBytes = PIECE_BYTES,
): Promise<Encoding> {
  for (const encoding of ['utf-8', 'windows-1252'] as const) {
    const take = begin(encoding);
    const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
    try {
      for (let offset = 0; ; offset += pieceBytes) {
        const end = Math.min(file.size, offset + pieceBytes);
        const bytes = new Uint8Array(await file.slice(offset, end).arrayBuffer());
        const last = end >= file.size;
        let text: string;
        try {
          text = decoder.decode(bytes, { stream: !last });
        } catch {
          throw new NotUtf8();
        }
        take(text, last);
        onProgress?.(end, file.size);
        if (last) return encoding;
      }
    } catch (error) {
      if (!(error instanceof NotUtf8)) throw error;
    }
  }
  /* c8 ignore next: Windows-1252 decodes every byte */
  throw new Error('The file could not be decoded.');
}
