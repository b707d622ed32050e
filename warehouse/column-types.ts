/**
 * The logical column types a table contract may use. Each dialect maps them to its own type
 * names; values read back follow the same JS representation on every engine (see values.ts).
 */
export type LogicalType =
  'text' | 'integer' | 'bigint' | 'double' | 'money' | 'boolean' | 'date' | 'timestamptz' | 'json';

/** One column of a table contract. */
export interface ColumnDef {
  readonly name: string;
  readonly type: LogicalType;
  readonly nullable?: boolean;
  readonly description: string;
}
