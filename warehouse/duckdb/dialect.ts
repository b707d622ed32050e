import type { LogicalType } from '../column-types.ts';
import { logicalFromTypeName, sqlString, type Dialect } from '../dialect.ts';

const TYPES: Record<LogicalType, string> = {
  text: 'VARCHAR',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  money: 'DECIMAL(18,2)',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamptz: 'TIMESTAMPTZ',
  json: 'JSON',
};

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  columnType: (type) => TYPES[type],
  jsonSortedSet: (expr) =>
    `to_json(list(DISTINCT ${expr} ORDER BY ${expr}) FILTER (WHERE ${expr} IS NOT NULL))`,
  epochMillis: (expr) => `epoch_ms(${expr})`,
  splitText: (expr, delimiter) => `string_split(${expr}, ${delimiter})`,
  arrayLength: (expr) => `len(${expr})`,
  regexpMatches: (expr, pattern) => `regexp_matches(${expr}, ${sqlString(pattern)})`,
  jsonObject: (entries) => `json_object(${entries.map(([k, v]) => `${sqlString(k)}, ${v}`).join(', ')})`,
  jsonArray: (values) => `json_array(${values.join(', ')})`,
  sha256Uint32: (parts) =>
    `CAST('0x' || substr(sha256(${parts.map((p) => `encode(${p})`).join(" || '\\x00'::BLOB || ")}), 1, 8) AS BIGINT)`,
  // Text compares by bytes unless a collation is asked for.
  byCodePoint: (expr) => expr,
  analyze: () => '',
  noInline: '',
  rowId: 'rowid',
  logicalType: logicalFromTypeName,
};
