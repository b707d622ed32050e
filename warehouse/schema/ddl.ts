import type { Dialect } from '../dialect.ts';
import { quoteIdent, quoteTable } from '../sql.ts';
import type { MigrationStep, TableDef } from './table-def.ts';

/** Renders a CREATE TABLE for a dialect. */
export function createTableSql(dialect: Dialect, table: TableDef, ifNotExists = false): string {
  const cols = table.columns.map(
    (c) => `  ${quoteIdent(c.name)} ${dialect.columnType(c.type)}${c.nullable === false ? ' NOT NULL' : ''}`,
  );
  const indexed = (table.keyIndex ?? 'all') === 'all' || dialect.name === 'postgres';
  if (table.primaryKey?.length && indexed)
    cols.push(`  PRIMARY KEY (${table.primaryKey.map(quoteIdent).join(', ')})`);
  return `CREATE TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${quoteTable(table.name)} (\n${cols.join(',\n')}\n)`;
}

/** Renders one migration step as SQL statements for a dialect. */
export function stepSql(dialect: Dialect, step: MigrationStep): string[] {
  switch (step.kind) {
    case 'createSchema':
      return [`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(step.schema)}`];
    case 'createTable':
      return [createTableSql(dialect, step.table)];
    case 'addColumn':
      return [
        `ALTER TABLE ${quoteTable(step.table)} ADD COLUMN ${quoteIdent(step.column.name)} ${dialect.columnType(step.column.type)}`,
      ];
    case 'sql':
      return [step[dialect.name]];
  }
}
