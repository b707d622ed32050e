import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampTZValue,
  type DuckDBAppender,
} from '@duckdb/node-api';
import type { LogicalType } from '../column-types.ts';
import { toEpochDays, toEpochMicros, toScaledDecimal } from '../values.ts';

type Append = (appender: DuckDBAppender, value: unknown) => void;

const APPENDERS: Record<LogicalType, Append> = {
  text: (a, v) => a.appendVarchar(typeof v === 'string' ? v : String(v)),
  integer: (a, v) => a.appendInteger(Number(v)),
  bigint: (a, v) => a.appendBigInt(BigInt(v as number | bigint | string)),
  double: (a, v) => a.appendDouble(Number(v)),
  money: (a, v) => a.appendDecimal(new DuckDBDecimalValue(toScaledDecimal(v, 2), 18, 2)),
  boolean: (a, v) => a.appendBoolean(Boolean(v)),
  date: (a, v) => a.appendDate(new DuckDBDateValue(toEpochDays(v))),
  timestamptz: (a, v) => a.appendTimestampTZ(new DuckDBTimestampTZValue(toEpochMicros(v))),
  json: (a, v) => a.appendVarchar(typeof v === 'string' ? v : JSON.stringify(v)),
};

/** Appends one batch of rows, column by column type; returns how many were appended. */
export function appendRows(
  appender: DuckDBAppender,
  types: readonly LogicalType[],
  rows: readonly unknown[][],
): number {
  const fns = types.map((t) => APPENDERS[t]);
  for (const row of rows) {
    for (let i = 0; i < fns.length; i++) {
      const v = row[i];
      if (v === null || v === undefined) appender.appendNull();
      else fns[i]!(appender, v);
    }
    appender.endRow();
  }
  return rows.length;
}
