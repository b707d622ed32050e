import { DuckDBInstance, JsonDuckDBValueConverter, type DuckDBDataChunk } from '@duckdb/node-api';
import type { SourceRecord } from '../connector.ts';
import { UnreadableFileError } from '../errors.ts';

/**
 * Streams a Parquet file's rows as records, a DuckDB chunk (2,048 rows) at a time. DuckDB is used
 * here as a library, in memory and apart from the warehouse, so Parquet loads into Postgres too.
 * Values arrive as JSON does: numbers, strings (BIGINT, DECIMAL, dates and timestamps as text, so
 * nothing loses precision), lists and structs as arrays and objects. A file DuckDB cannot read
 * fails whole with UnreadableFileError.
 */
export async function* readParquet(path: string): AsyncGenerator<SourceRecord[]> {
  let instance: DuckDBInstance | undefined;
  try {
    // TIMESTAMPTZ values read as text with their offset ('2025-03-01 02:00:00+00'), so they stay
    // instants whatever zone DuckDB renders them in.
    instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const result = await unreadable(path, connection.stream('SELECT * FROM read_parquet(?)', [path]));
      const names = result.deduplicatedColumnNames();
      let recordNo = 0;
      for (;;) {
        const chunk: DuckDBDataChunk | null = await unreadable(path, result.fetchChunk());
        if (!chunk || chunk.rowCount === 0) break;
        const records: SourceRecord[] = [];
        for (const values of chunk.convertRows(JsonDuckDBValueConverter)) {
          recordNo++;
          const fields: Record<string, unknown> = {};
          names.forEach((n, i) => (fields[n] = values[i] ?? null));
          // Parquet has no lines: the row number stands in, so the quarantine can point at the row.
          records.push({ recordNo, line: recordNo, byteOffset: null, raw: JSON.stringify(fields), fields });
        }
        yield records;
      }
    } finally {
      connection.closeSync();
    }
  } finally {
    instance?.closeSync();
  }
}

async function unreadable<T>(path: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new UnreadableFileError(path, `it is not a Parquet file DuckDB can read (${why})`, { cause: err });
  }
}
