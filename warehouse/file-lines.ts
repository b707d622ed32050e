import { quoteIdent } from './sql.ts';
import type { FileLines, Queryable } from './warehouse.ts';

/**
 * loadFileLines the plain way, for either engine: each file's lines into a table of its own
 * (`loadLines`), then one table of them all with each file's number, the parts dropped.
 * `integer` is the engine's name of the file number's type.
 */
export async function loadFileLinesOneByOne(
  q: Pick<Queryable, 'loadLines' | 'exec'>,
  table: string,
  files: readonly FileLines[],
  integer: string,
): Promise<void> {
  const parts = files.map((_, i) => `${table}_${i}`);
  for (const [i, f] of files.entries()) await q.loadLines(parts[i]!, f.input);
  await q.exec(
    `CREATE TEMP TABLE ${quoteIdent(table)} AS ${files
      .map(
        (f, i) =>
          `SELECT CAST(${f.fileNo} AS ${integer}) AS file_no, line_no, line FROM ${quoteIdent(parts[i]!)}`,
      )
      .join(' UNION ALL ')}; ${parts.map((p) => `DROP TABLE ${quoteIdent(p)}`).join('; ')}`,
  );
}
