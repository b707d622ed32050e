import { openWarehouse, sql } from '../../warehouse/index.ts';
import { benchResult, interleave, peakRssMb, scaled, timed, type BenchCase } from '../case.ts';
import { writeEcommerceFeed } from '../data/ecommerce-feed.ts';
import { ingestTrial, literal } from './load-trial.ts';

const DEFAULT_ORDERS = 100_000;

/** The ecommerce connector (NDJSON orders with nested buyer, receiver, items, coupons; refunds) against DuckDB's read_json. */
export const ingestEcommerce: BenchCase = {
  name: 'ingest-ecommerce',
  description:
    `cdp ingest ecommerce of ${DEFAULT_ORDERS / 1e3}k x scale NDJSON orders (4 monthly files, 1-4 items each) and ` +
    "their refunds into a fresh warehouse (orders, lines, buyer and receiver records, events, raw rows), vs DuckDB's " +
    'own CREATE TABLE AS read_json of the same files.',
  engines: ['duckdb', 'postgres'],
  async run(ctx) {
    const orders = scaled(ctx, DEFAULT_ORDERS);
    const feed = await writeEcommerceFeed(ctx.scratchDir, orders);
    ctx.log(`e-commerce feed of ${orders} orders and ${feed.refunds} refunds at ${feed.dir}`);
    const records = orders + feed.refunds;
    const samples = await interleave(
      ctx.repeat,
      () => ingestTrial(ctx, 'ecommerce', [feed.dir], records, true),
      async () => {
        // The baseline is always DuckDB's reader: the fastest thing that turns these files into tables.
        const duck = await openWarehouse({
          engine: 'duckdb',
          path: `${ctx.scratchDir}/baseline-${Date.now()}.duckdb`,
        });
        try {
          const seconds = await timed(() => duck.warehouse.exec(readJson(feed.dir)));
          const { rows } = await duck.warehouse.query<{ n: number }>(
            sql`SELECT (SELECT count(*) FROM ecommerce_orders) + (SELECT count(*) FROM ecommerce_refunds) AS n`,
          );
          if (Number(rows[0]?.n) !== records) throw new Error(`read_json read ${String(rows[0]?.n)} records`);
          return seconds;
        } finally {
          await duck.warehouse.close();
        }
      },
      ctx.log,
    );
    return benchResult({
      units: 'records',
      count: records,
      baseline: 'DuckDB CREATE TABLE AS read_json (typed, nested)',
      samples,
      extra: { orders, refunds: feed.refunds, processPeakRssMb: peakRssMb() },
    });
  },
};

// The files' columns spelled out (structs and lists of structs), so the baseline spends nothing on
// sampling and types each value, as the connector does.
function readJson(dir: string): string {
  const item =
    'STRUCT(sku VARCHAR, title VARCHAR, category VARCHAR, qty DOUBLE, price DECIMAL(18,2), discount DECIMAL(18,2))';
  const orders =
    `{'order_id': 'VARCHAR', 'status': 'VARCHAR', 'created_at': 'TIMESTAMPTZ', 'paid_at': 'TIMESTAMPTZ', ` +
    `'client': 'VARCHAR', 'buyer': 'STRUCT(nick VARCHAR, platform_user_id VARCHAR, union_id VARCHAR)', ` +
    `'receiver': 'STRUCT(name VARCHAR, phone VARCHAR, province VARCHAR, city VARCHAR, district VARCHAR, address VARCHAR)', ` +
    `'items': '${item}[]', 'coupons': 'STRUCT(code VARCHAR, amount DECIMAL(18,2))[]', ` +
    `'pay_amount': 'DECIMAL(18,2)', 'freight': 'DECIMAL(18,2)'}`;
  const refunds =
    `{'refund_id': 'VARCHAR', 'order_id': 'VARCHAR', 'amount': 'DECIMAL(18,2)', 'reason': 'VARCHAR', ` +
    `'created_at': 'TIMESTAMPTZ'}`;
  const read = (glob: string, columns: string): string =>
    `read_json(${literal(`${dir}/${glob}`)}, format = 'newline_delimited', columns = ${columns})`;
  return (
    `CREATE TABLE ecommerce_orders AS SELECT * FROM ${read('orders-*.ndjson', orders)}; ` +
    `CREATE TABLE ecommerce_refunds AS SELECT * FROM ${read('refunds-*.ndjson', refunds)}`
  );
}
