import type { ColumnDef } from '../column-types.ts';
import type { Dialect } from '../dialect.ts';
import { quoteIdent, quoteTable } from '../sql.ts';
import { applyStep } from './apply-step.ts';
import type { MigrationStep, TableDef } from './table-def.ts';

/** Renders a CREATE TABLE for a dialect. */
export function createTableSql(dialect: Dialect, table: TableDef, ifNotExists = false): string {
  const cols = table.columns.map(
    (c) =>
      `  ${columnSql(dialect, c)}${c.nullable === false ? ' NOT NULL' : ''}${storageSql(dialect, table.name, c)}`,
  );
  const indexed = (table.keyIndex ?? 'all') === 'all' || dialect.name === 'postgres';
  if (table.primaryKey?.length && indexed)
    cols.push(`  PRIMARY KEY (${table.primaryKey.map(quoteIdent).join(', ')})`);
  return `CREATE TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${quoteTable(table.name)} (\n${cols.join(',\n')}\n)`;
}

function columnSql(dialect: Dialect, c: ColumnDef): string {
  return `${quoteIdent(c.name)} ${dialect.columnType(c.type)}`;
}

// DuckDB only: Postgres has no per-column compression (see ColumnDef.compression).
function storageSql(dialect: Dialect, table: string, c: ColumnDef): string {
  if (!c.compression || dialect.name !== 'duckdb') return '';
  if (c.type !== 'text' && c.type !== 'json')
    throw new Error(
      `${table}.${c.name}: compression '${c.compression}' is for text or json columns, not ${c.type}`,
    );
  return ` USING COMPRESSION ${c.compression}`;
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
        `ALTER TABLE ${quoteTable(step.table)} ADD COLUMN ${columnSql(dialect, step.column)}${storageSql(dialect, step.table, step.column)}`,
      ];
    case 'sql':
      return [step[dialect.name]];
    case 'describeTable':
      return [];
    case 'replaceColumn': {
      const before = contractTable(step, tableOf);
      const old = before.columns.find((c) => c.name === step.column);
      if (!old) throw new Error(`replaceColumn: ${step.table} has no column ${step.column}`);
      // DuckDB's ALTER ... TYPE keeps the column's compression (and refuses a type it cannot
      // apply to), so a changed hint rebuilds the table, computing the column as it goes.
      if (storageSql(dialect, step.table, old) !== storageSql(dialect, step.table, step.with)) {
        const using = new Map([[step.with.name, step.using[dialect.name]]]);
        return rebuildSql(dialect, afterStep(before, step), using);
      }
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
    case 'setCompression': {
      const before = contractTable(step, tableOf);
      if (step.kind === 'setCompression')
        for (const name of Object.keys(step.columns))
          if (!before.columns.some((c) => c.name === name))
            throw new Error(`setCompression: ${step.table} has no column ${name}`);
      const after = afterStep(before, step);
      return ddlDiffers(dialect, before, after) ? rebuildSql(dialect, after) : [];
    }
  }
}

function contractTable(
  step: MigrationStep & { readonly table: string },
  tableOf: (name: string) => TableDef | undefined,
): TableDef {
  const table = tableOf(step.table);
  if (!table) throw new Error(`${step.kind}: ${step.table} is not a table of the contract`);
  return table;
}

function afterStep(table: TableDef, step: MigrationStep): TableDef {
  const tables = new Map([[table.name, table]]);
  applyStep(tables, step);
  return tables.get(table.name)!;
}

// A table is on an engine what its CREATE TABLE says: a key index Postgres always has or a
// storage hint it ignores changes nothing there.
function ddlDiffers(dialect: Dialect, before: TableDef, after: TableDef): boolean {
  return createTableSql(dialect, before) !== createTableSql(dialect, after);
}

// DuckDB has no ALTER TABLE to drop or add a primary key or to change a column's compression: the
// table is rebuilt beside the old one and takes its name (views name tables, so they follow).
// `using` gives a column's values as an expression of the old table's columns (default: itself).
function rebuildSql(dialect: Dialect, table: TableDef, using = new Map<string, string>()): string[] {
  const rebuilt = `${table.name}__rebuild`;
  const cols = table.columns.map((c) => quoteIdent(c.name));
  const values = table.columns.map((c) => using.get(c.name) ?? quoteIdent(c.name));
  return [
    createTableSql(dialect, { ...table, name: rebuilt }),
    `INSERT INTO ${quoteTable(rebuilt)} (${cols.join(', ')}) SELECT ${values.join(', ')} FROM ${quoteTable(table.name)}`,
    `DROP TABLE ${quoteTable(table.name)}`,
    `ALTER TABLE ${quoteTable(rebuilt)} RENAME TO ${quoteIdent(table.name.split('.').at(-1)!)}`,
  ];
}
