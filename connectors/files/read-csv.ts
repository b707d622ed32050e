import type { SourceRecord } from '../connector.ts';
import { UnreadableFileError } from '../errors.ts';
import { CsvScanner, CsvSyntaxError, type CsvRow } from './csv-scanner.ts';

/** Options of a CSV file: its delimiter and whether the first row names the columns. */
export interface CsvOptions {
  readonly delimiter?: string;
  readonly header?: boolean;
  readonly columns?: readonly string[];
}

/**
 * Parses decoded CSV text into records keyed by the header, a chunk's worth at a time. A row with
 * the wrong number of fields (a truncated line) becomes a parse error for the quarantine; broken
 * quoting that makes the rest of the file unreadable fails the whole file.
 */
export async function* readCsv(
  chunks: AsyncIterable<string>,
  path: string,
  opts: CsvOptions = {},
): AsyncGenerator<SourceRecord[]> {
  const scanner = new CsvScanner(opts.delimiter ?? ',');
  let header: string[] | undefined = opts.columns ? [...opts.columns] : undefined;
  let recordNo = 0;
  const toRecords = (rows: CsvRow[]): SourceRecord[] => {
    const out: SourceRecord[] = [];
    for (const row of rows) {
      const values = row.fields;
      if (!header && opts.header !== false) {
        header = values.map((h) => h.trim());
        continue;
      }
      const names = header ?? values.map((_, i) => `column${i + 1}`);
      recordNo++;
      const fields: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) fields[names[i]!] = values[i];
      const base = { recordNo, line: row.line, byteOffset: null, raw: row.raw, fields };
      out.push(
        values.length === names.length
          ? base
          : {
              ...base,
              parseError: `has ${values.length} fields; expected ${names.length} (${names.join(', ')})`,
            },
      );
    }
    return out;
  };
  try {
    for await (const chunk of chunks) {
      const records = toRecords(scanner.push(chunk));
      if (records.length) yield records;
    }
    const records = toRecords(scanner.end());
    if (records.length) yield records;
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    throw new UnreadableFileError(path, `CSV is malformed: ${err.message}`, { cause: err });
  }
}
