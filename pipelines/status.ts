import { currentContract, quoteTable, sql, type Warehouse } from '../warehouse/index.ts';

/** Row count of one warehouse table. */
export interface TableCount {
  readonly table: string;
  readonly rows: number;
}

/** Counts rows of every table in cdp's schemas (raw, core, identity, marts, ops). */
export async function tableCounts(wh: Warehouse): Promise<TableCount[]> {
  const { rows } = await wh.query<{ table_schema: string; table_name: string }>(
    sql`SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_schema IN ('raw', 'core', 'identity', 'marts', 'ops') AND table_type = 'BASE TABLE'`,
  );
  const order = new Map(currentContract().map((t, i) => [t.name, i]));
  const names = rows
    .map((r) => `${r.table_schema}.${r.table_name}`)
    .sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b));
  const counts: TableCount[] = [];
  for (const table of names) {
    const { rows: c } = await wh.query<{ n: number }>(
      sql`SELECT count(*) AS n FROM ${sql.__dangerous__rawValue(quoteTable(table))}`,
    );
    counts.push({ table, rows: Number(c[0]?.n ?? 0) });
  }
  return counts;
}

/** The most recent job runs, newest first. */
export async function recentRuns(wh: Warehouse, limit = 10) {
  const { rows } = await wh.query<{
    job: string;
    status: string;
    started_at: Date;
    finished_at: Date | null;
    rows_written: number | null;
    error: string | null;
  }>(
    sql`SELECT job, status, started_at, finished_at, rows_written, error FROM ops.job_runs ORDER BY started_at DESC LIMIT ${limit}`,
  );
  return rows;
}

/** Quarantined records per source and reason. */
export async function quarantineCounts(wh: Warehouse) {
  const { rows } = await wh.query<{ source: string; reason_code: string; n: number }>(
    sql`SELECT source, reason_code, count(*) AS n FROM ops.quarantine GROUP BY source, reason_code ORDER BY n DESC`,
  );
  return rows;
}
