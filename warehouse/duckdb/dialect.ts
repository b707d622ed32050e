import type { LogicalType } from '../column-types.ts';
import { logicalFromTypeName, type Dialect } from '../dialect.ts';

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
  logicalType: logicalFromTypeName,
};
