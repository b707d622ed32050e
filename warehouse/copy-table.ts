import type { RecordBatch } from 'apache-arrow';
import { arrowRows, resultToArrow } from './arrow.ts';
import type { ColumnDef } from './column-types.ts';
import { quoteIdent, quoteTable, sql } from './sql.ts';
import type { Warehouse } from './warehouse.ts';

type Columns = readonly Pick<ColumnDef, 'name' | 'type'>[];

/** A table's columns with their logical types, as the engine reports them. */
export async function tableColumns(wh: Warehouse, table: string): Promise<Columns> {
  const probe = await wh.query(sql`SELECT * FROM ${sql.__dangerous__rawValue(quoteTable(table))} LIMIT 0`);
  return probe.columns.map((c) => ({ name: c.name, type: c.logical }));
}

/** Reads a table as Arrow record batches in a stable order (every column, ascending). */
export async function* readArrowBatches(
  from: Warehouse,
  table: string,
  columns: Columns,
  batchSize = 50_000,
): AsyncGenerator<RecordBatch> {
  const source = sql.__dangerous__rawValue(quoteTable(table));
  const list = sql.__dangerous__rawValue(columns.map((c) => quoteIdent(c.name)).join(', '));
  for (let offset = 0; ; offset += batchSize) {
    const result = await from.query(
      sql`SELECT ${list} FROM ${source} ORDER BY ${list} LIMIT ${batchSize} OFFSET ${offset}`,
    );
    if (result.rows.length === 0) return;
    yield* resultToArrow(result).batches;
    if (result.rows.length < batchSize) return;
  }
}

/**
 * Copies one table from a warehouse to another (DuckDB to Postgres or back) through Arrow record
 * batches, replacing the target's rows in one transaction. Returns the rows copied.
 */
export async function copyTable(
  from: Warehouse,
  to: Warehouse,
  table: string,
  batchSize = 50_000,
): Promise<number> {
  const columns = await tableColumns(from, table);
  async function* rows(): AsyncGenerator<unknown[][]> {
    for await (const batch of readArrowBatches(from, table, columns, batchSize))
      yield arrowRows(batch, columns);
  }
  return to.transaction(async (tx) => {
    await tx.exec(`DELETE FROM ${quoteTable(table)}`);
    return tx.load(table, columns, rows());
  });
}
