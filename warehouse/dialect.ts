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
