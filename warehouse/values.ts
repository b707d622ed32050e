import type { LogicalType } from './column-types.ts';

/*
 * One JS representation of column values on every engine, so that a job, a test or `cdp sql`
 * sees the same thing on DuckDB and Postgres:
 *   text -> string, integer/bigint/double/money -> number (bigint beyond 2^53), boolean -> boolean,
 *   date -> 'YYYY-MM-DD' string (a calendar day has no time zone), timestamptz -> Date,
 *   json -> the parsed value.
 * Money is stored as an exact decimal; it is read as a number because sums are done in SQL.
 */

/** Converts a value already in JS form (from either driver) to the shared representation. */
export function normaliseValue(value: unknown, type: LogicalType): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
    case 'bigint':
      return typeof value === 'bigint' ? bigintToNumber(value) : Number(value);
    case 'double':
    case 'money':
      return typeof value === 'number' ? value : Number(value);
    case 'date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
    case 'timestamptz':
      return value instanceof Date ? value : new Date(String(value));
    case 'json':
      return typeof value === 'string' ? JSON.parse(value) : value;
    case 'boolean':
      return Boolean(value);
    case 'text':
      return typeof value === 'string' ? value : String(value);
  }
}

function bigintToNumber(value: bigint): number | bigint {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/** Parses a timestamp (Date, ISO string with zone, or epoch ms) into epoch microseconds. */
export function toEpochMicros(value: unknown): bigint {
  const ms =
    value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(String(value));
  if (!Number.isFinite(ms)) throw new TypeError(`not a timestamp: ${String(value)}`);
  return BigInt(Math.round(ms)) * 1000n;
}

/** Turns a decimal (number or string such as '-12.5') into an integer count of 1/10^scale units. */
export function toScaledDecimal(value: unknown, scale: number): bigint {
  const text = typeof value === 'number' ? value.toFixed(scale) : String(value).trim();
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new TypeError(`not a decimal: ${text}`);
  const frac = (m[3] ?? '').padEnd(scale + 1, '0');
  let units = BigInt((m[2] || '0') + frac.slice(0, scale));
  if (Number(frac[scale]) >= 5) units += 1n; // round half away from zero, as NUMERIC casts do
  return m[1] === '-' ? -units : units;
}
