/**
 * The logical column types a table contract may use. Each dialect maps them to its own type
 * names; values read back follow the same JS representation on every engine (see values.ts).
 */
export type LogicalType =
  'text' | 'integer' | 'bigint' | 'double' | 'money' | 'boolean' | 'date' | 'timestamptz' | 'json';

/** A DuckDB compression a text or JSON column can be told to use (see ColumnDef.compression). */
export type ColumnCompression = 'dictionary' | 'fsst';

/** One column of a table contract. */
export interface ColumnDef {
  readonly name: string;
  readonly type: LogicalType;
  readonly nullable?: boolean;
  readonly description: string;
  /**
   * DuckDB storage hint for a text or JSON column: the compression every segment uses. Left to
   * choose, DuckDB analyses every candidate (dictionary, FSST, ...) for each segment it writes,
   * about 0.2 us per string even when the column holds one value, a large share of writing the
   * tables an ingest fills. 'dictionary' suits few distinct values (source, file_id, status),
   * 'fsst' identifiers, free text and JSON. Postgres has no per-column choice (TOAST compresses
   * long values on its own) and ignores it; values read back are the same either way.
   */
  readonly compression?: ColumnCompression;
}
