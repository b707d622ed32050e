import type { LogicalType } from '../column-types.ts';
import { logicalFromTypeName, sqlString, type Dialect } from '../dialect.ts';

const TYPES: Record<LogicalType, string> = {
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  double: 'double precision',
  money: 'numeric(18,2)',
  boolean: 'boolean',
  date: 'date',
  timestamptz: 'timestamptz',
  json: 'jsonb',
};

export const postgresDialect: Dialect = {
  name: 'postgres',
  columnType: (type) => TYPES[type],
  jsonSortedSet: (expr) =>
    `to_jsonb(array_agg(DISTINCT ${expr} ORDER BY ${expr}) FILTER (WHERE ${expr} IS NOT NULL))`,
  epochMillis: (expr) => `CAST(floor(extract(epoch FROM ${expr}) * 1000) AS BIGINT)`,
  splitText: (expr, delimiter) => `string_to_array(${expr}, ${delimiter})`,
  arrayLength: (expr) => `cardinality(${expr})`,
  regexpMatches: (expr, pattern) => `(${expr} ~ ${sqlString(pattern)})`,
  jsonObject: (entries) => jsonbObject(entries),
  jsonArray: (values) => `jsonb_build_array(${values.join(', ')})`,
  sha256Uint32: (parts) =>
    `CAST(CAST('x' || substr(encode(sha256(${parts.map((p) => `convert_to(${p}, 'UTF8')`).join(" || '\\x00'::bytea || ")}), 'hex'), 1, 8) AS bit(32)) AS BIGINT)`,
  byCodePoint: (expr) => `(${expr} COLLATE "C")`,
  analyze: (table) => `ANALYZE ${table}`,
  noInline: 'OFFSET 0',
  rowId: 'ctid',
  logicalType: logicalFromTypeName,
};

// jsonb_build_object takes at most 100 arguments; wider objects are built in parts and merged.
function jsonbObject(entries: readonly (readonly [string, string])[]): string {
  const parts: string[] = [];
  for (let i = 0; i < entries.length || i === 0; i += 50) {
    const pairs = entries.slice(i, i + 50).map(([k, v]) => `${sqlString(k)}, ${v}`);
    parts.push(`jsonb_build_object(${pairs.join(', ')})`);
  }
  return parts.join(' || ');
}
