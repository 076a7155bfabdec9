import { CsvChunker, readPieces, PIECE_BYTES } from './csv-stream';
import { RowColumns, type Encoding } from './import-protocol';
import { MarksCsvReader, type LineMessage } from './marks-csv';
import { MappedReader, type ImportChoice } from './shapes';

/**
 * A whole import file read in pieces (`readPieces` → `CsvChunker` → the shape's reader), the
 * rows kept as columns (`RowColumns`): neither the file's text nor an object per row is ever
 * held, so memory grows with the rows' few bytes each, not with the file. The import worker
 * runs this; so does the page when there is no worker (tests), with the same result.
 */
export interface StreamedImport {
  rows: RowColumns;
  errors: LineMessage[];
  warnings: LineMessage[];
  encoding: Encoding;
}

export async function readImportFile(
  file: Blob,
  choice: ImportChoice,
  onProgress?: (done: number, total: number) => void,
  pieceBytes = PIECE_BYTES,
): Promise<StreamedImport> {
  let columns = new RowColumns();
  let finish: () => { errors: LineMessage[]; warnings: LineMessage[] } = () => ({
    errors: [],
    warnings: [],
  });
  const encoding = await readPieces(
    file,
    () => {
      // Each attempt (UTF-8, then Windows-1252 if that fails) starts from nothing.
      columns = new RowColumns();
      let chunker: CsvChunker;
      if (choice.shape === 'canonical') {
        const reader = new MarksCsvReader(columns);
        chunker = new CsvChunker((r, quoting) => reader.record(r.fields, r.line, quoting), {
          delimiter: ',',
        });
        finish = () => {
          reader.finish();
          return { errors: reader.errors, warnings: reader.warnings };
        };
      } else {
        const reader = new MappedReader(choice.mapping, columns);
        chunker = new CsvChunker((r, quoting) => reader.record(r.fields, r.line, quoting));
        finish = () => reader.finish();
      }
      return (text, last) => chunker.push(text, last);
    },
    onProgress,
    pieceBytes,
  );
  const { errors, warnings } = finish();
  return { rows: columns, errors, warnings, encoding };
}
