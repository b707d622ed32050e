// Shared by the load cases: one timed load into a fresh warehouse, checked afterwards.
import { getConnector, ingest } from '../../connectors/index.ts';
import { sql } from '../../warehouse/index.ts';
import { timed, type BenchContext, type FreshWarehouse } from '../case.ts';

/** Seconds `load` takes on a fresh warehouse; throws unless core.orders then holds `expected` rows. */
export async function loadTrial(
  ctx: BenchContext,
  label: string,
  expected: number,
  load: (fresh: FreshWarehouse) => Promise<unknown>,
): Promise<number> {
  const fresh = await ctx.freshWarehouse(label);
  try {
    const seconds = await timed(() => load(fresh));
    // A fast wrong load is no result.
    const { rows } = await fresh.warehouse.query<{ n: number }>(sql`SELECT count(*) AS n FROM core.orders`);
    const n = rows[0]?.n;
    if (n !== expected)
      throw new Error(`core.orders holds ${String(n)} rows after the ${label} load, not ${expected}`);
    return seconds;
  } finally {
    await fresh.dispose();
  }
}

/**
 * Seconds `cdp ingest <source>` of `paths` takes on a fresh warehouse; throws unless the files'
 * reconciliation then reads `records` records and, with `allLoaded`, loads every one.
 */
export async function ingestTrial(
  ctx: BenchContext,
  source: string,
  paths: readonly string[],
  records: number,
  allLoaded = false,
): Promise<number> {
  const fresh = await ctx.freshWarehouse('ingest');
  try {
    const seconds = await timed(() =>
      ingest(fresh.warehouse, getConnector(source), [...paths], { timezone: 'Asia/Shanghai' }),
    );
    // A fast wrong load is no result.
    const { rows } = await fresh.warehouse.query<{ n: number; loaded: number }>(
      sql`SELECT sum(records_read) AS n, sum(records_loaded) AS loaded FROM ops.ingested_files`,
    );
    if (Number(rows[0]?.n) !== records || (allLoaded && Number(rows[0]?.loaded) !== records))
      throw new Error(
        `ingest read ${String(rows[0]?.n)} and loaded ${String(rows[0]?.loaded)} records, expected ${records}${allLoaded ? ' each' : ' read'}`,
      );
    return seconds;
  } finally {
    await fresh.dispose();
  }
}

/** A SQL string literal. */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
