import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { SourceRecord } from '../connector.ts';
import { UnreadableFileError } from '../errors.ts';

/** Options of a CSV file: its delimiter and whether the first row names the columns. */
export interface CsvOptions {
  readonly delimiter?: string;
  readonly header?: boolean;
  readonly columns?: readonly string[];
}

/**
 * Parses decoded CSV text into records keyed by the header. A row with the wrong number of
 * fields (a truncated line) becomes a parse error for the quarantine; broken quoting that makes
 * the rest of the file unreadable fails the whole file.
 */
export async function* readCsv(
  chunks: AsyncIterable<string>,
  path: string,
  opts: CsvOptions = {},
): AsyncGenerator<SourceRecord> {
  const input = Readable.from(chunks);
  const parser = input.pipe(
    parse({
      delimiter: opts.delimiter ?? ',',
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
    }),
  );
  // pipe() does not forward errors: a decoding failure must end the parse, not hang it.
  input.on('error', (err) => parser.destroy(err));
  let header: string[] | undefined = opts.columns ? [...opts.columns] : undefined;
  let recordNo = 0;
  try {
    for await (const item of parser as AsyncIterable<{
      record: string[];
      raw: string;
      info: { lines: number };
    }>) {
      if (!header && opts.header !== false) {
        header = item.record.map((h) => h.trim());
        continue;
      }
      const names = header ?? item.record.map((_, i) => `column${i + 1}`);
      recordNo++;
      const raw = item.raw.replace(/\r?\n$/, '');
      const line = item.info.lines - (raw.match(/\n/g)?.length ?? 0);
      const fields: Record<string, unknown> = {};
      names.forEach((n, i) => (fields[n] = item.record[i]));
      const parseError =
        item.record.length !== names.length
          ? `has ${item.record.length} fields; expected ${names.length} (${names.join(', ')})`
          : undefined;
      yield { recordNo, line, byteOffset: null, raw, fields, ...(parseError ? { parseError } : {}) };
    }
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    throw new UnreadableFileError(
      path,
      `CSV is malformed: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
}
