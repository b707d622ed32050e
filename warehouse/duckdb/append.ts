import { DuckDBDataChunk, VARCHAR, type DuckDBAppender } from '@duckdb/node-api';
import type { LogicalType } from '../column-types.ts';

// Rows reach DuckDB as VARCHAR columns in whole data chunks and are cast in SQL afterwards:
// building typed driver values (decimals, timestamps) one by one in Node was five times slower
// than letting DuckDB's vectorised casts parse the text (bench: warehouse-load-duckdb).
const CHUNK_ROWS = 2048;

/** The text DuckDB's cast turns back into the value, for one logical type. */
export function toDuckText(v: unknown, type: LogicalType): string | null {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'timestamptz':
      return v instanceof Date
        ? v.toISOString()
        : typeof v === 'number'
          ? new Date(v).toISOString()
          : String(v);
    case 'date':
      return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    case 'json':
      return typeof v === 'string' ? v : JSON.stringify(v);
    default:
      return typeof v === 'string' ? v : String(v);
  }
}

/** Appends rows as VARCHAR data chunks; returns how many were appended. */
export function appendRows(
  appender: DuckDBAppender,
  types: readonly LogicalType[],
  rows: readonly unknown[][],
): number {
  const varchar = types.map(() => VARCHAR);
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const slice = rows.slice(start, start + CHUNK_ROWS);
    const chunk = DuckDBDataChunk.create(varchar, slice.length);
    for (let col = 0; col < types.length; col++) {
      const type = types[col]!;
      chunk.setColumnValues(
        col,
        slice.map((r) => toDuckText(r[col], type)),
      );
    }
    appender.appendDataChunk(chunk);
  }
  return rows.length;
}
