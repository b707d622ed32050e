import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBTimestampTZValue,
  TIMESTAMPTZ,
  VARCHAR,
  SQLNULL,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { toEpochMicros } from '../values.ts';

/** Binds JS values as DuckDB parameters with explicit types (integers as BIGINT, not DOUBLE). */
export function bindParams(values: readonly unknown[]): { values: DuckDBValue[]; types: DuckDBType[] } {
  const out: DuckDBValue[] = [];
  const types: DuckDBType[] = [];
  for (const v of values) {
    if (v === null || v === undefined) {
      out.push(null);
      types.push(SQLNULL);
    } else if (typeof v === 'number') {
      const integral = Number.isSafeInteger(v);
      out.push(integral ? BigInt(v) : v);
      types.push(integral ? BIGINT : DOUBLE);
    } else if (typeof v === 'bigint') {
      out.push(v);
      types.push(BIGINT);
    } else if (typeof v === 'boolean') {
      out.push(v);
      types.push(BOOLEAN);
    } else if (v instanceof Date) {
      out.push(new DuckDBTimestampTZValue(toEpochMicros(v)));
      types.push(TIMESTAMPTZ);
    } else if (typeof v === 'string') {
      out.push(v);
      types.push(VARCHAR);
    } else {
      out.push(JSON.stringify(v));
      types.push(VARCHAR);
    }
  }
  return { values: out, types };
}
