import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { sql, type Warehouse } from '../../warehouse/index.ts';
import { alternate, benchResult, scaled, type BenchCase } from '../case.ts';
import { generateOrders, orderColumns, prng } from '../data/orders.ts';

// A small table: DuckDB's own cost per statement is already about 1 ms on a 2-core machine, and a
// longer scan would drown the overhead this case is after.
const TABLE_ROWS = 10_000;
const QUERIES = 2_000;
const WARM_UP = 500;
// Queries per alternation step: long enough to time well, short next to a slow spell.
const BLOCK = 50;
const COLUMNS = 'order_id, customer_id, status, net_amount, ordered_at';

/** Our per-query overhead: many tiny parameterised lookups through Warehouse.query vs the bare driver. */
export const warehouseQueryRoundtrip: BenchCase = {
  name: 'warehouse-query-roundtrip',
  description:
    `${QUERIES / 1000}k x scale point lookups (SELECT ${COLUMNS} FROM core.orders WHERE order_id = $1, ` +
    `${TABLE_ROWS / 1000}k rows) through Warehouse.query, vs the same statements on @duckdb/node-api ` +
    'directly (runAndReadAll + getRowObjectsJS) against a copy of the same file.',
  engines: ['duckdb'],
  async run(ctx) {
    const count = scaled(ctx, QUERIES);
    const batches = generateOrders(TABLE_ROWS, TABLE_ROWS, 7);
    const orderIdAt = orderColumns().findIndex((c) => c.name === 'order_id');
    const allIds = batches.flat().map((row) => String(row[orderIdAt]));
    const rand = prng(11);
    const ids = Array.from({ length: count }, () => allIds[Math.floor(rand() * allIds.length)]!);

    const fresh = await ctx.freshWarehouse('roundtrip');
    if (fresh.target.engine !== 'duckdb') throw new Error('warehouse-query-roundtrip runs on DuckDB only');
    const rawPath = join(ctx.scratchDir, `roundtrip-raw-${process.pid}.duckdb`);
    let raw: { instance: DuckDBInstance; conn: DuckDBConnection } | null = null;
    try {
      const wh = fresh.warehouse;
      await wh.load('core.orders', orderColumns(), batches);
      // After a checkpoint the file alone holds every row, so a byte copy is a consistent twin.
      await wh.exec('CHECKPOINT');
      await copyFile(fresh.target.path, rawPath);
      const instance = await DuckDBInstance.create(rawPath);
      raw = { instance, conn: await instance.connect() };
      const conn = raw.conn;
      await conn.run(`SET TimeZone = 'UTC'`);

      const ours = (list: readonly string[]) => lookups(list, (id) => viaWarehouse(wh, id));
      const bare = (list: readonly string[]) => lookups(list, (id) => viaDriver(conn, id));
      // JIT and the engines' caches warm up on both sides before anything counts.
      await ours(ids.slice(0, WARM_UP));
      await bare(ids.slice(0, WARM_UP));
      const block = (round: number) => ids.slice(round * BLOCK, (round + 1) * BLOCK);
      const samples = await alternate({
        repeat: ctx.repeat,
        rounds: Math.ceil(count / BLOCK),
        ours: (round) => ours(block(round)),
        baseline: (round) => bare(block(round)),
        log: ctx.log,
      });
      const result = benchResult({
        units: 'queries',
        count,
        baseline: '@duckdb/node-api runAndReadAll',
        samples,
        extra: { tableRows: TABLE_ROWS },
      });
      const overheadUs = ((result.oursSeconds - result.baselineSeconds) / count) * 1e6;
      return { ...result, extra: { ...result.extra, overheadUsPerQuery: Math.round(overheadUs) } };
    } finally {
      raw?.conn.closeSync();
      raw?.instance.closeSync();
      await fresh.dispose();
      await rm(rawPath, { force: true });
    }
  },
};

/** Runs one lookup per id in sequence and checks each found its row. */
async function lookups(ids: readonly string[], lookup: (id: string) => Promise<number>): Promise<void> {
  let found = 0;
  for (const id of ids) found += await lookup(id);
  if (found !== ids.length) throw new Error(`${ids.length} lookups found ${found} rows, not one each`);
}

async function viaWarehouse(wh: Warehouse, id: string): Promise<number> {
  const { rows } = await wh.query(
    sql`SELECT order_id, customer_id, status, net_amount, ordered_at FROM core.orders WHERE order_id = ${id}`,
  );
  return rows.length;
}

async function viaDriver(conn: DuckDBConnection, id: string): Promise<number> {
  const reader = await conn.runAndReadAll(`SELECT ${COLUMNS} FROM core.orders WHERE order_id = $1`, [id]);
  return reader.getRowObjectsJS().length;
}
