import type { LogicalType } from './column-types.ts';

/**
 * The SQL that differs between DuckDB and Postgres. Everything else is written once in the
 * common subset both engines share; anything added here is tested on both engines.
 */
export interface Dialect {
  readonly name: 'duckdb' | 'postgres';
  /** The engine's type name for a logical column type. */
  columnType(type: LogicalType): string;
  /** Maps an engine type name (as reported for result columns) back to a logical type. */
  logicalType(engineType: string): LogicalType;
  /** Aggregate: the distinct non-null values of a text expression as a sorted JSON array. */
  jsonSortedSet(expr: string): string;
  /** A timestamptz expression as milliseconds since the epoch (BIGINT). */
  epochMillis(expr: string): string;
  /** A text split at every occurrence of a delimiter (a SQL text expression) into an array; items are `(array)[i]`, from 1. */
  splitText(expr: string, delimiter: string): string;
  /** The number of items of an array made by `splitText`. */
  arrayLength(expr: string): string;
  /** True when a text contains a match of a regular expression (the syntax RE2 and Postgres share). */
  regexpMatches(expr: string, pattern: string): string;
  /** A JSON object (json on DuckDB, jsonb on Postgres) from keys and SQL value expressions, in order. */
  jsonObject(entries: readonly (readonly [key: string, value: string])[]): string;
  /** A JSON array of SQL value expressions. */
  jsonArray(values: readonly string[]): string;
  /**
   * The first 4 bytes of the SHA-256 of the UTF-8 text expressions joined by a NUL byte, read as a
   * big-endian unsigned 32-bit number (BIGINT): Node's `createHash('sha256').update(parts.join('\0'))
   * .digest().readUInt32BE(0)`, so a stable hash split agrees between Node and both engines.
   */
  sha256Uint32(parts: readonly string[]): string;
  /** A text expression that sorts by code point (bytes of UTF-8), whatever the database's collation. */
  byCodePoint(expr: string): string;
  /**
   * The statement that gathers a new table's statistics for the planner, or '' where the engine
   * keeps them itself (Postgres has none for a temporary table until ANALYZE, and plans for, and
   * JIT-compiles, joins of millions of rows that are a few hundred).
   */
  analyze(table: string): string;
  /**
   * A clause that ends a subquery to keep the planner from inlining it into the query around it,
   * so an expression it computes once per row (splitting a line) is not recomputed per use.
   * Postgres inlines and needs it; DuckDB does not, and runs such a subquery on one thread.
   */
  readonly noInline: string;
  /** The pseudo-column naming a row of a table within a transaction (DuckDB rowid, Postgres ctid). */
  readonly rowId: string;
}

/** A SQL string literal (standard quoting, which both engines read the same way). */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

const NUMERIC_INTEGER = /^(tinyint|smallint|int2|integer|int4|int|utinyint|usmallint|uinteger)$/;

/** Shared reverse mapping, on lower-cased type names of either engine. */
export function logicalFromTypeName(typeName: string): LogicalType {
  const t = typeName.toLowerCase();
  if (NUMERIC_INTEGER.test(t)) return 'integer';
  if (/^(bigint|int8|hugeint|ubigint|uhugeint)$/.test(t)) return 'bigint';
  if (/^(double|double precision|float8|real|float4|float)$/.test(t)) return 'double';
  if (t.startsWith('decimal') || t.startsWith('numeric')) return 'money';
  if (t === 'boolean' || t === 'bool') return 'boolean';
  if (t === 'date') return 'date';
  if (t.startsWith('timestamp')) return 'timestamptz';
  if (t === 'json' || t === 'jsonb') return 'json';
  return 'text';
}
