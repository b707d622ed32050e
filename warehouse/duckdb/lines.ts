import { createWriteStream } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqlString } from '../dialect.ts';
import { quoteIdent } from '../sql.ts';
import type { LinesInput } from '../warehouse.ts';

// Longest line the reader accepts; callers send longer ones another way.
const MAX_LINE_BYTES = 8 * 1024 * 1024;

/**
 * The statement that makes a temporary table of a UTF-8 file's lines. The CSV reader is told to
 * see one VARCHAR column with no quoting and \x01 as its delimiter, so each line arrives whole;
 * row_number() over the scan numbers the lines in file order (the reader preserves it). A table,
 * not a view over the reader: row_number() over the scan runs on one thread, so every statement
 * reading a view of it ran single-threaded (the 1M-line POS split: 2.5 s against 1.2 s from the
 * table, which the reader fills in 0.4 s).
 */
export function readLinesSql(table: string, path: string, crlf: boolean, fileNo?: number): string {
  const file = fileNo === undefined ? '' : `CAST(${fileNo} AS INTEGER) AS file_no, `;
  return `CREATE TEMP TABLE ${quoteIdent(table)} AS SELECT ${file}row_number() OVER () AS line_no, line FROM ${readCsv(sqlString(path), crlf)}`;
}

// The CSV reader of UTF-8 files `paths` (an SQL string or list) seeing each line whole.
function readCsv(paths: string, crlf: boolean, filename = false): string {
  return (
    `read_csv(${paths}, header = false, columns = {'line': 'VARCHAR'}, delim = '\x01', quote = '', ` +
    `escape = '', new_line = '${crlf ? '\\r\\n' : '\\n'}', comment = '', auto_detect = false, encoding = 'utf-8', ` +
    `max_line_size = ${MAX_LINE_BYTES}${filename ? ', filename = true' : ''})`
  );
}

/**
 * The statement that makes a temporary table `(file_no, line_no, line)` of several UTF-8 files'
 * lines by one scan of them all: the reader keeps the files' order and each file's, so a line's
 * number in its file is its number in the scan less the lines of the files before (`lines`, each
 * file's count, which the caller checks against what the table then holds).
 */
export function readFileLinesSql(
  table: string,
  files: readonly { readonly fileNo: number; readonly path: string; readonly lines: number }[],
  crlf: boolean,
): string {
  let start = 0;
  const starts = files.map((f) => {
    const row = `(${sqlString(f.path)}, ${f.fileNo}, ${start})`;
    start += f.lines;
    return row;
  });
  return (
    `CREATE TEMP TABLE ${quoteIdent(table)} AS SELECT CAST(f.file_no AS INTEGER) AS file_no, r.n - f.start AS line_no, r.line ` +
    `FROM (SELECT row_number() OVER () AS n, line, filename FROM ${readCsv(`[${files.map((f) => sqlString(f.path)).join(', ')}]`, crlf, true)}) r ` +
    `JOIN (VALUES ${starts.join(', ')}) f (path, file_no, start) ON f.path = r.filename`
  );
}

/** The input's file if DuckDB's reader can open it itself (a UTF-8 file whose path it reads as it is). */
export function directPath(input: LinesInput): string | null {
  return 'path' in input && !GLOB.test(input.path) ? input.path : null;
}

// DuckDB's readers expand globs (and a leading ~) in a path; such a path is read through a copy.
const GLOB = /[*?[\]{}]|^~/;

/**
 * Runs `read` on a UTF-8 file holding the input: the file itself, or a temporary copy: of decoded
 * text (DuckDB's reader knows UTF-8 only; GBK and gzip arrive decoded), or of a file whose path
 * DuckDB would take for a glob.
 */
export async function withLinesFile<T>(input: LinesInput, read: (path: string) => Promise<T>): Promise<T> {
  const direct = directPath(input);
  if (direct !== null) return read(direct);
  const dir = await mkdtemp(join(tmpdir(), 'cdp-lines-'));
  try {
    const path = join(dir, 'lines.txt');
    if ('path' in input) {
      await copyFile(input.path, path);
    } else {
      const out = createWriteStream(path);
      try {
        for await (const chunk of input.text) {
          if (!out.write(chunk, 'utf8')) await once(out, 'drain');
        }
      } finally {
        out.end();
        await once(out, 'close');
      }
    }
    return await read(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
