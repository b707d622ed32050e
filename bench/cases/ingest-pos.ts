import { getConnector, ingest } from '../../connectors/index.ts';
import { sql } from '../../warehouse/index.ts';
import { benchResult, interleave, peakRssMb, scaled, timed, type BenchCase } from '../case.ts';
import { writePosFeed } from '../data/pos-feed.ts';
import { literal } from './load-trial.ts';

const DEFAULT_LINES = 1_000_000;

/** The POS connector (parse, validate, normalise, quarantine, upsert) against DuckDB's read_csv of the file. */
export const ingestPos: BenchCase = {
  name: 'ingest-pos',
  description:
    `cdp ingest pos of one ${DEFAULT_LINES / 1e6}M-line x scale POS export into a fresh warehouse (orders, lines, ` +
    "receipt customers, raw rows, reconciliation), vs DuckDB's own CREATE TABLE AS read_csv of the same file.",
  engines: ['duckdb', 'postgres'],
  async run(ctx) {
    const lines = scaled(ctx, DEFAULT_LINES);
    const path = await writePosFeed(ctx.scratchDir, lines);
    ctx.log(`POS feed of ${lines} lines at ${path}`);
    const samples = await interleave(
      ctx.repeat,
      async () => {
        const fresh = await ctx.freshWarehouse('ingest');
        try {
          const seconds = await timed(() =>
            ingest(fresh.warehouse, getConnector('pos'), [path], { timezone: 'Asia/Shanghai' }),
          );
          const { rows } = await fresh.warehouse.query<{ n: number }>(
            sql`SELECT records_read AS n FROM ops.ingested_files`,
          );
          if (rows[0]?.n !== lines)
            throw new Error(`ingest read ${String(rows[0]?.n)} records, not ${lines}`);
          return seconds;
        } finally {
          await fresh.dispose();
        }
      },
      async () => {
        // The baseline is always DuckDB's reader: the fastest thing that turns this file into a table.
        const fresh = await ctx.freshWarehouse('baseline');
        try {
          if (fresh.warehouse.engine !== 'duckdb') {
            const { openWarehouse } = await import('../../warehouse/index.ts');
            const duck = await openWarehouse({
              engine: 'duckdb',
              path: `${ctx.scratchDir}/baseline-${Date.now()}.duckdb`,
            });
            try {
              return await timed(() => duck.warehouse.exec(readCsv(path)));
            } finally {
              await duck.warehouse.close();
            }
          }
          return await timed(() => fresh.warehouse.exec(readCsv(path)));
        } finally {
          await fresh.dispose();
        }
      },
      ctx.log,
    );
    return benchResult({
      units: 'lines',
      count: lines,
      baseline: 'DuckDB CREATE TABLE AS read_csv (typed)',
      samples,
      extra: { processPeakRssMb: peakRssMb() },
    });
  },
};

function readCsv(path: string): string {
  return (
    `CREATE TABLE pos_lines AS SELECT * FROM read_csv(${literal(path)}, header = true, columns = {` +
    `'store_code': 'VARCHAR', 'till_no': 'VARCHAR', 'receipt_no': 'VARCHAR', 'member_card_no': 'VARCHAR', ` +
    `'member_phone': 'VARCHAR', 'txn_time': 'TIMESTAMP', 'sku': 'VARCHAR', 'category': 'VARCHAR', 'qty': 'DOUBLE', ` +
    `'unit_price': 'DECIMAL(18,2)', 'discount': 'DECIMAL(18,2)', 'line_amount': 'DECIMAL(18,2)', 'payment_method': 'VARCHAR'})`
  );
}
