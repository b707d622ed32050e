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

/**
 * Renders one migration step as SQL statements for a dialect; `tableOf` gives a table as the
 * steps before this one left it.
 */
export function stepSql(
  dialect: Dialect,
  step: MigrationStep,
  tableOf: (name: string) => TableDef | undefined,
): string[] {
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
    case 'describeTable':
      return [];
    case 'replaceColumn': {
      const t = quoteTable(step.table);
      const from = quoteIdent(step.column);
      return [
        `ALTER TABLE ${t} ALTER COLUMN ${from} TYPE ${dialect.columnType(step.with.type)} USING ${step.using[dialect.name]}`,
        ...(step.with.name === step.column
          ? []
          : [`ALTER TABLE ${t} RENAME COLUMN ${from} TO ${quoteIdent(step.with.name)}`]),
      ];
    }
    case 'setKeyIndex':
      return setKeyIndexSql(dialect, step.table, step.keyIndex, tableOf(step.table));
  }
}

// DuckDB has no ALTER TABLE to drop or add a primary key: the table is rebuilt beside the old one
// and takes its name (views name tables, so they follow).
function setKeyIndexSql(
  dialect: Dialect,
  name: string,
  keyIndex: 'all' | 'postgres',
  table: TableDef | undefined,
): string[] {
  if (!table) throw new Error(`setKeyIndex: ${name} is not a table of the contract`);
  if (dialect.name !== 'duckdb' || (table.keyIndex ?? 'all') === keyIndex || !table.primaryKey?.length)
    return [];
  const rebuilt = `${name}__rebuild`;
  const cols = table.columns.map((c) => quoteIdent(c.name)).join(', ');
  return [
    createTableSql(dialect, { ...table, name: rebuilt, keyIndex }),
    `INSERT INTO ${quoteTable(rebuilt)} (${cols}) SELECT ${cols} FROM ${quoteTable(name)}`,
    `DROP TABLE ${quoteTable(name)}`,
    `ALTER TABLE ${quoteTable(rebuilt)} RENAME TO ${quoteIdent(name.split('.').at(-1)!)}`,
  ];
}
