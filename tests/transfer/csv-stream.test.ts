import { describe, expect, it } from 'vitest';
import { CsvChunker, readPieces, type CsvRecord } from '../../utils/transfer/csv-stream';
import { unpackRows } from '../../utils/transfer/import-protocol';
import { readImportFile } from '../../utils/transfer/import-stream';
import { parseMarksCsv } from '../../utils/transfer/marks-csv';
import { columnMappingSchema, convertWithMapping, detectShape } from '../../utils/transfer/shapes';

const HEADER = 'pupil_id,name,group,date,session,mark';

/** A file with every hazard a cut can land on: BOM, CRLF, quoted commas, line breaks, quotes. */
const hazards =
  `\uFEFF${HEADER}\r\n` +
  'A1,"Turner, Grace",10X,2025-09-04,AM,/\r\n' +
  'A1,"Zoë ""Zed""\r\nTurner",10X,2025-09-04,PM,\\\r\n' +
  '\r\n' +
  'B2,Ó Súilleabháin,10Y,04/09/2025,AM,N\r\n' +
  'B2,,10Y,2025-09-04,XM,N\r\n' +
  'B2,"Seán\n\nÓ",10Y,2025-09-05,am,L\n' +
  'A1,,,2025-09-04,AM,I\r' +
  'C3,Cy,10Z,2025-02-30,PM,/\r\n';

const blob = (text: string) => new Blob([text]);

function records(text: string, cuts: number[]): CsvRecord[] {
  const out: CsvRecord[] = [];
  const chunker = new CsvChunker((r) => (out.push(r), true), { delimiter: ',' });
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    chunker.push(text.slice(from, cut), cut === text.length);
    from = cut;
  }
  return out;
}

describe('CsvChunker', () => {
  it('should give a row cut across two pieces once, whole, with its line', () => {
    const text = `${HEADER}\nA1,Ada,7B,2025-09-04,AM,/\nA1,Ada,7B,2025-09-04,PM,\\\n`;

    const out = records(text, [text.indexOf('2025-09-04,PM')]);

    expect(out.map((r) => [r.line, r.fields.join('|')])).toEqual([
      [1, 'pupil_id|name|group|date|session|mark'],
      [2, 'A1|Ada|7B|2025-09-04|AM|/'],
      [3, 'A1|Ada|7B|2025-09-04|PM|\\'],
      [4, ''],
    ]);
  });

  it('should read a CRLF cut between its CR and LF as one line break', () => {
    const text = `${HEADER}\r\nA1,Ada,7B,2025-09-04,AM,/\r\nA1,Ada,7B,2025-09-04,PM,\\\r\n`;

    const out = records(text, [text.indexOf('\n')]);

    expect(out.map((r) => r.line)).toEqual([1, 2, 3, 4]);
    expect(out.at(-1)!.fields).toEqual(['']);
  });

  it('should keep a quoted line break cut in two inside its field and count its lines', () => {
    const text = `${HEADER}\nA1,"Grace\nTurner",7B,2025-09-04,AM,/\nA2,Bo,7B,2025-09-04,AM,/`;

    const out = records(text, [text.indexOf('\nTurner'), text.indexOf('Turner') + 2]);

    expect(out.map((r) => [r.line, r.fields[1]])).toEqual([
      [1, 'name'],
      [2, 'Grace\nTurner'],
      [4, 'Bo'],
    ]);
  });

  it('should drop a byte-order mark at the start only', () => {
    const out = records(`\uFEFF${HEADER}\n\uFEFFx,,,,,\n`, [3]);

    expect(out[0]!.fields[0]).toBe('pupil_id');
    expect(out[1]!.fields[0]).toBe('\uFEFFx');
  });

  it('should guess a semicolon separator from the first line when none is given', () => {
    const out: CsvRecord[] = [];
    const chunker = new CsvChunker((r) => (out.push(r), true));

    chunker.push('upn;date;am');
    chunker.push(';pm\n1;2025-09-04;/;\\\n', true);

    expect(out.map((r) => r.fields)).toEqual([
      ['upn', 'date', 'am', 'pm'],
      ['1', '2025-09-04', '/', '\\'],
      [''],
    ]);
  });

  it('should stop when asked and take no later piece', () => {
    const seen: number[] = [];
    const chunker = new CsvChunker((r) => (seen.push(r.line), r.line < 2), { delimiter: ',' });

    chunker.push('a\nb\nc\n');
    chunker.push('d\n', true);

    expect(seen).toEqual([1, 2]);
    expect(chunker.done).toBe(true);
  });
});

describe('readImportFile', () => {
  it.each([1, 2, 3, 5, 7, 16, 64, 1 << 20])(
    'should read the marks CSV in pieces of %i bytes exactly as one parse of its text',
    async (pieceBytes) => {
      const whole = parseMarksCsv(hazards);

      const streamed = await readImportFile(
        blob(hazards),
        { shape: 'canonical' },
        undefined,
        pieceBytes,
      );

      expect(streamed.encoding).toBe('utf-8');
      expect(unpackRows(streamed.rows.pack())).toEqual(whole.rows);
      expect(streamed.errors).toEqual(whole.errors);
      expect(streamed.warnings).toEqual(whole.warnings);
      expect(whole.errors.map((e) => e.line)).toEqual([7, 12]);
      expect(whole.warnings.map((w) => w.line)).toEqual([11]);
    },
  );

  it('should report broken quoting at its line whatever the pieces', async () => {
    const text = `${HEADER}\nA1,Ada,7B,2025-09-04,AM,/\nA1,"Ada,7B,2025-09-04,PM,\\\nA2,Bo,7B,2025-09-04,AM,/\n`;

    const streamed = await readImportFile(blob(text), { shape: 'canonical' }, undefined, 4);

    expect(streamed.errors).toEqual([
      { line: 3, message: expect.stringContaining("the file's quoting is broken here") },
    ]);
    expect(streamed.errors).toEqual(parseMarksCsv(text).errors);
  });

  it('should read a file that turns out not to be UTF-8 again as Windows-1252', async () => {
    const ascii = new TextEncoder().encode(`${HEADER}\nA1,Ada,7B,2025-09-04,AM,/\n`);
    const latin = Uint8Array.from(
      [...'A2,Zo', 0xeb, ...',7B,2025-09-04,AM,/\n'].map((c) =>
        typeof c === 'number' ? c : c.charCodeAt(0),
      ),
    );

    const streamed = await readImportFile(
      new Blob([ascii, latin]),
      { shape: 'canonical' },
      undefined,
      8,
    );

    expect(streamed.encoding).toBe('windows-1252');
    expect(unpackRows(streamed.rows.pack()).map((r) => r.name)).toEqual(['Ada', 'Zoë']);
  });

  it('should read a mapped file in pieces exactly as the whole text', async () => {
    const daily =
      'UPN;Name;Date;AM;PM\r\nK801;"Turner; Grace";04/09/2025;/;\\\r\nK802;Singh;04/09/2025;N;\r\nK802;Singh;31/09/2025;N;N\r\n';
    const mapping = columnMappingSchema.parse(detectShape(daily).mapping);
    const whole = convertWithMapping(daily, mapping);

    const streamed = await readImportFile(blob(daily), { shape: 'mapped', mapping }, undefined, 5);

    expect(unpackRows(streamed.rows.pack())).toEqual(whole.rows);
    expect(streamed.errors).toEqual(whole.errors);
    expect(whole.rows).toHaveLength(4);
    expect(whole.errors.map((e) => e.line)).toEqual([4]);
  });

  it('should report progress by bytes up to the whole file', async () => {
    const seen: number[] = [];

    await readPieces(
      blob(hazards),
      () => () => undefined,
      (done, total) => seen.push(done / total),
      50,
    );

    expect(seen.at(-1)).toBe(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});
