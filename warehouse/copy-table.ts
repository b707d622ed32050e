import { quoteTable, sql } from './sql.ts';
import type { ColumnDef } from './column-types.ts';
import type { Warehouse } from './warehouse.ts';

/**
 * Copies a table's rows from one warehouse to another (e.g. DuckDB to Postgres) in batches,
 * replacing the target's rows in one transaction. Columns are the target table's contract.
 */
export async function copyTable(
  from: Warehouse,
  to: Warehouse,
  table: string,
  columns: readonly Pick<ColumnDef, 'name' | 'type'>[],
  batchSize = 50_000,
): Promise<number> {
  const list = columns.map((c) => `"${c.name}"`).join(', ');
  const source = quoteTable(table);
  async function* batches(): AsyncGenerator<unknown[][]> {
    for (let offset = 0; ; offset += batchSize) {
      const { rows } = await from.query(
        sql`SELECT ${sql.__dangerous__rawValue(list)} FROM ${sql.__dangerous__rawValue(source)} ORDER BY ${sql.__dangerous__rawValue(list)} LIMIT ${batchSize} OFFSET ${offset}`,
      );
      if (rows.length === 0) return;
      yield rows.map((r) => columns.map((c) => r[c.name]));
      if (rows.length < batchSize) return;
    }
  }
  return to.transaction(async (tx) => {
    await tx.exec(`DELETE FROM ${source}`);
    return tx.load(table, columns, batches());
  });
}
