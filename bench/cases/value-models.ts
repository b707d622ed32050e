import { ModelsConfigSchema, runValueModel } from '../../models/index.ts';
import { sql, type Warehouse } from '../../warehouse/index.ts';
import { benchResult, interleave, peakRssMb, scaled, timed, type BenchCase } from '../case.ts';

const DEFAULT_LINES = 10_000_000;
const LINES_PER_ORDER = 3;
const ORDERS_PER_CUSTOMER = 10 / LINES_PER_ORDER;
const AS_OF = '2024-12-31';

/**
 * Deterministic orders and lines written by the engine itself (generate_series, modular
 * arithmetic), the same rows on DuckDB and Postgres: 2% cancelled, 2% refunded, a quarter discounted.
 */
export async function generateOrders(
  wh: Warehouse,
  lines: number,
): Promise<{ orders: number; customers: number }> {
  const orders = Math.round(lines / LINES_PER_ORDER);
  const customers = Math.round(orders / ORDERS_PER_CUSTOMER);
  await wh.query(sql`
    INSERT INTO core.customers (customer_id, created_at, updated_at)
    SELECT 'C' || i, CAST('2024-01-01 00:00:00+00' AS TIMESTAMPTZ), CAST('2024-01-01 00:00:00+00' AS TIMESTAMPTZ)
    FROM generate_series(CAST(0 AS BIGINT), ${customers - 1}) t(i)`);
  await wh.query(sql`
    INSERT INTO core.orders (source, order_id, customer_id, channel, ordered_at, status, currency,
      net_amount, discount_amount, refund_amount, ingested_at)
    SELECT 'bench', 'o' || i, 'C' || ((i * 7919) % ${customers}),
      CASE i % 3 WHEN 0 THEN 'store' WHEN 1 THEN 'ecommerce' ELSE 'miniprogram' END,
      CAST('2024-01-01 00:00:00+00' AS TIMESTAMPTZ) + INTERVAL '1 second' * ((i * 7907) % 31536000),
      CASE i % 50 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'refunded' ELSE 'completed' END,
      'CNY', 10.5 + (i * 31) % 990, CASE WHEN i % 4 = 0 THEN 5 ELSE 0 END, NULL,
      CAST('2025-01-01 00:00:00+00' AS TIMESTAMPTZ)
    FROM generate_series(CAST(0 AS BIGINT), ${orders - 1}) t(i)`);
  await wh.query(sql`
    INSERT INTO core.order_lines (source, order_id, line_no, category, quantity, unit_price, line_amount, ingested_at)
    SELECT 'bench', 'o' || i, n, 'cat' || ((i * 13 + n) % 14), 1 + (i + n) % 3,
      5 + (i * 17 + n * 3) % 200, (1 + (i + n) % 3) * (5 + (i * 17 + n * 3) % 200),
      CAST('2025-01-01 00:00:00+00' AS TIMESTAMPTZ)
    FROM generate_series(CAST(0 AS BIGINT), ${orders - 1}) t(i), generate_series(1, ${LINES_PER_ORDER}) l(n)`);
  return { orders, customers };
}

/** cdp run rfm + tags over ~10M order lines of ~1M customers, against one plain GROUP BY of the same lines. */
export const valueModels: BenchCase = {
  name: 'rfm-tags',
  description:
    `RFM scores and segments plus every built-in tag and one rule tag over ${DEFAULT_LINES / 1e6}M x scale order ` +
    'lines (~1M customers), vs one plain SQL GROUP BY customer over the same lines joined to their orders.',
  engines: ['duckdb', 'postgres'],
  async run(ctx) {
    const lines = scaled(ctx, DEFAULT_LINES);
    const fresh = await ctx.freshWarehouse('models');
    const wh = fresh.warehouse;
    try {
      const t0 = performance.now();
      const { orders, customers } = await generateOrders(wh, lines);
      ctx.log(
        `${orders} orders, ${orders * LINES_PER_ORDER} lines, ${customers} customers in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
      const config = ModelsConfigSchema.parse({
        tags: { rules: [{ name: 'cat3_regular', categories: ['cat3'], minOrders: 2, minOrderAmount: 200 }] },
      });
      const now = new Date('2025-01-01T00:00:00Z');
      let rfmRows = 0;
      let tagRows = 0;
      const samples = await interleave(
        ctx.repeat,
        () =>
          timed(async () => {
            rfmRows = (await runValueModel(wh, 'rfm', config, { asOf: AS_OF, now })).rows;
            tagRows = (await runValueModel(wh, 'tags', config, { asOf: AS_OF, now })).rows;
          }),
        async () => {
          await wh.exec('DROP TABLE IF EXISTS marts.bench_group_by');
          const s = await timed(() =>
            wh.exec(
              `CREATE TABLE marts.bench_group_by AS
               SELECT o.customer_id, count(*) AS lines, sum(l.line_amount) AS spend, max(o.ordered_at) AS last_at
               FROM core.order_lines l JOIN core.orders o ON o.source = l.source AND o.order_id = l.order_id
               GROUP BY o.customer_id`,
            ),
          );
          await wh.exec('DROP TABLE marts.bench_group_by');
          return s;
        },
        ctx.log,
      );
      return benchResult({
        units: 'order lines',
        count: orders * LINES_PER_ORDER,
        baseline: 'CREATE TABLE AS SELECT customer, count, sum, max FROM lines JOIN orders GROUP BY customer',
        samples,
        extra: { processPeakRssMb: peakRssMb(), customers, orders, rfmRows, tagRows },
      });
    } finally {
      await fresh.dispose();
    }
  },
};
