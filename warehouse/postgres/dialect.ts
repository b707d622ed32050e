import type { LogicalType } from '../column-types.ts';
import { logicalFromTypeName, type Dialect } from '../dialect.ts';

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
  logicalType: logicalFromTypeName,
};
