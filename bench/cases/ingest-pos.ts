import { benchResult, interleave, median, peakRssMb, scaled, timed, type BenchCase } from '../case.ts';
import type { Warehouse } from '../../warehouse/index.ts';
import { writePosFeed, writePosStoreFeeds } from '../data/pos-feed.ts';
import { ingestTrial, literal } from './load-trial.ts';

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
    const floor: number[] = [];
    const samples = await interleave(
      ctx.repeat,
      () => ingestTrial(ctx, 'pos', [path], lines),
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
          const seconds = await timed(() => fresh.warehouse.exec(readCsv(path)));
          // Beside it, untimed for the ratio: the same outputs as ours, written by plain SQL.
          floor.push(await timed(() => writeSameOutputs(fresh.warehouse, path)));
          return seconds;
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
      extra: {
        processPeakRssMb: peakRssMb(),
        ...(floor.length
          ? {
              sameOutputsSeconds: median(floor),
              // The ratio a loader that validates nothing would reach: read_csv / the same outputs.
              sameOutputsRatio: median(samples.baseline) / median(floor),
            }
          : {}),
      },
    });
  },
};

const DEFAULT_STORES = 200;

/**
 * The same lines as a store chain exports them: one file a store a day (200 x 5,000 lines), all
 * ingested in one command, against DuckDB's read_csv of the same files.
 */
export const ingestPosStores: BenchCase = {
  name: 'ingest-pos-stores',
  description:
    `cdp ingest pos of ${DEFAULT_STORES} stores' daily exports, ${DEFAULT_LINES / 1e6}M lines x scale in all, into a fresh ` +
    "warehouse, vs DuckDB's own CREATE TABLE AS read_csv of the same files.",
  engines: ['duckdb'],
  async run(ctx) {
    const lines = scaled(ctx, DEFAULT_LINES);
    const paths = await writePosStoreFeeds(`${ctx.scratchDir}/stores`, lines, DEFAULT_STORES);
    ctx.log(`POS feeds of ${lines} lines in ${paths.length} files under ${ctx.scratchDir}/stores`);
    const samples = await interleave(
      ctx.repeat,
      () => ingestTrial(ctx, 'pos', [`${ctx.scratchDir}/stores/pos`], lines),
      async () => {
        const fresh = await ctx.freshWarehouse('baseline');
        try {
          return await timed(() => fresh.warehouse.exec(readCsv(paths)));
        } finally {
          await fresh.dispose();
        }
      },
      ctx.log,
    );
    return benchResult({
      units: 'lines',
      count: lines,
      baseline: 'DuckDB CREATE TABLE AS read_csv of the files (typed)',
      samples,
      extra: { files: paths.length, processPeakRssMb: peakRssMb() },
    });
  },
};

function readCsv(path: string | readonly string[]): string {
  const files = typeof path === 'string' ? literal(path) : `[${path.map(literal).join(', ')}]`;
  return (
    `CREATE TABLE pos_lines AS SELECT * FROM read_csv(${files}, header = true, columns = {` +
    `'store_code': 'VARCHAR', 'till_no': 'VARCHAR', 'receipt_no': 'VARCHAR', 'member_card_no': 'VARCHAR', ` +
    `'member_phone': 'VARCHAR', 'txn_time': 'TIMESTAMP', 'sku': 'VARCHAR', 'category': 'VARCHAR', 'qty': 'DOUBLE', ` +
    `'unit_price': 'DECIMAL(18,2)', 'discount': 'DECIMAL(18,2)', 'line_amount': 'DECIMAL(18,2)', 'payment_method': 'VARCHAR'})`
  );
}

/**
 * What our ingest writes for the file, by the shortest SQL and with no validation, normalisation,
 * quarantine or duplicate handling: the raw lines, the order lines, one order per receipt and one
 * customer record per receipt with a card or phone. The best a loader of these outputs can do.
 */
async function writeSameOutputs(w: Warehouse, path: string): Promise<void> {
  const file = literal(path);
  const script = `CREATE TEMP TABLE floor_lines AS SELECT row_number() OVER () AS n, line FROM read_csv(${file},
       header = false, skip = 1, columns = {'line': 'VARCHAR'}, delim = '\x01', quote = '', escape = '',
       new_line = '\\n', auto_detect = false);
     INSERT INTO raw.pos_receipt_lines (source, checksum, record_no, line, raw, ingested_at)
       SELECT 'pos', 'floor', n, n + 1, line, now() FROM floor_lines;
     ${readCsv(path).replace('CREATE TABLE pos_lines', 'CREATE TEMP TABLE floor_pos')};
     INSERT INTO core.order_lines (source, order_id, line_no, sku, category, quantity, unit_price, discount_amount,
         line_amount, file_id, ingested_at)
       SELECT 'pos', store_code || ':' || receipt_no, row_number() OVER (PARTITION BY store_code, receipt_no),
         sku, category, qty, unit_price, discount, line_amount, 'floor', now() FROM floor_pos;
     CREATE TEMP TABLE floor_receipts AS SELECT store_code, receipt_no, any_value(till_no) AS till_no,
         min(txn_time) AS first_at, any_value(member_card_no) AS card, any_value(member_phone) AS phone,
         any_value(payment_method) AS payment, sum(qty * unit_price) AS gross, sum(discount) AS discount,
         sum(line_amount) AS net
       FROM floor_pos GROUP BY store_code, receipt_no;
     INSERT INTO core.orders (source, order_id, source_key, channel, store_code, ordered_at, status, currency,
         gross_amount, discount_amount, shipping_amount, net_amount, refund_amount, payment_method, fulfilment,
         attributes, file_id, ingested_at)
       SELECT 'pos', store_code || ':' || receipt_no, 'pos_receipt:' || store_code || ':' || receipt_no, 'store',
         store_code, first_at, 'completed', 'CNY', gross, discount, 0, net, 0, payment, 'in_store',
         json_object('till_no', till_no, 'receipt_no', receipt_no), 'floor', now()
       FROM floor_receipts;
     INSERT INTO core.source_records (source, source_key, phone, phones, member_card, store_code,
         source_created_at, source_updated_at, file_id, ingested_at)
       SELECT 'pos', 'pos_receipt:' || store_code || ':' || receipt_no, phone,
         CASE WHEN phone IS NOT NULL THEN json_array(phone) END, card, store_code, first_at, first_at, 'floor', now()
       FROM floor_receipts WHERE card IS NOT NULL OR phone IS NOT NULL`;
  for (const statement of script.split(';\n')) await w.exec(statement);
}
