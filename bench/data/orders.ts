// Deterministic `core.orders`-shaped rows for the load benchmarks, held in memory as the arrays
// `Warehouse.load` takes, and the same rows as a CSV file for the engines' own loaders.
import { createWriteStream } from 'node:fs';
import { chmod, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { currentContract, type ColumnDef } from '../../warehouse/index.ts';

export type OrderColumn = Pick<ColumnDef, 'name' | 'type'>;

/**
 * Rows per load case at --scale 1. 1M rows took about 60 s per trial through the DuckDB appender
 * on a 2-core machine, too slow for a default run of several trials; --scale 5 gives 1M.
 */
export const DEFAULT_LOAD_ROWS = 200_000;

/** The columns of `core.orders` in contract order, so a contract change shows up here. */
export function orderColumns(): OrderColumn[] {
  const table = currentContract().find((t) => t.name === 'core.orders');
  if (!table) throw new Error('core.orders is missing from the warehouse contract');
  return table.columns.map(({ name, type }) => ({ name, type }));
}

/** mulberry32: a tiny seeded PRNG, so every run loads the very same rows. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SOURCES = [
  { source: 'pos', channel: 'store', fulfilment: 'in_store', prefix: 'R' },
  { source: 'tmall', channel: 'ecommerce', fulfilment: 'delivery', prefix: 'T' },
  { source: 'weapp', channel: 'miniprogram', fulfilment: 'pickup', prefix: 'W' },
] as const;
const STATUSES = [
  'completed',
  'completed',
  'completed',
  'paid',
  'shipped',
  'cancelled',
  'refunded',
  'returned',
];
const PAYMENTS = ['wechat_pay', 'wechat_pay', 'alipay', 'alipay', 'card', 'cash', 'stored_value'];
const NOTES = ['门店自提', 'gift wrap, "fragile"', '请尽快发货', 'leave at door'];
const START_MS = Date.UTC(2024, 0, 1);
const SPAN_MS = 2 * 365 * 86_400_000;
const INGESTED_AT = new Date('2026-01-15T02:00:00.000Z');

const cents = (n: number): number => Math.round(n * 100) / 100;

/** `count` order rows (values in the order of orderColumns()), in batches of `batchSize`. */
export function generateOrders(count: number, batchSize = 50_000, seed = 20260115): unknown[][][] {
  const names = orderColumns().map((c) => c.name);
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const customers = Math.max(1, Math.floor(count / 4));
  const batches: unknown[][][] = [];
  for (let start = 0; start < count; start += batchSize) {
    const fileId = `sha256:${(seed + start).toString(16).padStart(64, '0')}`;
    const batch: unknown[][] = [];
    for (let i = start; i < Math.min(count, start + batchSize); i++) {
      const src = pick(SOURCES);
      const status = pick(STATUSES);
      const gross = cents(5 + rand() * 1995);
      const discount = rand() < 0.3 ? cents(gross * rand() * 0.2) : 0;
      const shipping = src.channel === 'store' ? 0 : rand() < 0.5 ? 0 : 8;
      const net = cents(gross - discount + shipping);
      const member = Math.floor(rand() * customers);
      const values: Record<string, unknown> = {
        source: src.source,
        order_id: `${src.prefix}${String(i + 1).padStart(10, '0')}`,
        source_key: rand() < 0.9 ? `M${String(member).padStart(8, '0')}` : null,
        customer_id: rand() < 0.3 ? `C${String(member).padStart(8, '0')}` : null,
        channel: src.channel,
        store_code:
          src.channel === 'store' ? `S${String(1 + Math.floor(rand() * 300)).padStart(4, '0')}` : null,
        ordered_at: new Date(START_MS + Math.floor(rand() * SPAN_MS)),
        status,
        currency: rand() < 0.98 ? 'CNY' : 'HKD',
        gross_amount: gross,
        discount_amount: discount,
        shipping_amount: shipping,
        net_amount: net,
        refund_amount: status === 'refunded' || status === 'returned' ? net : 0,
        payment_method: pick(PAYMENTS),
        fulfilment: src.fulfilment,
        attributes: rand() < 0.2 ? { coupon: `C${Math.floor(rand() * 50)}`, note: pick(NOTES) } : null,
        file_id: fileId,
        ingested_at: INGESTED_AT,
      };
      // Fails loudly when the contract gains a column this generator does not know.
      batch.push(names.map((n) => (n in values ? values[n] : missing(n))));
    }
    batches.push(batch);
  }
  return batches;
}

function missing(column: string): never {
  throw new Error(`bench/data/orders.ts does not generate core.orders.${column}: add it`);
}

/**
 * Writes the rows as RFC 4180 CSV with a header (NULL as an empty unquoted field, the default of
 * both DuckDB's read_csv and Postgres' COPY csv), readable by every user, and returns its path.
 */
export async function writeOrdersCsv(
  dir: string,
  columns: readonly OrderColumn[],
  batches: readonly (readonly unknown[][])[],
): Promise<string> {
  const path = join(dir, 'orders.csv');
  const out = createWriteStream(path);
  const types = columns.map((c) => c.type);
  const write = async (chunk: string): Promise<void> => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await write(columns.map((c) => c.name).join(',') + '\n');
  for (const batch of batches) {
    let chunk = '';
    for (const row of batch) {
      chunk += types.map((t, i) => csvField(row[i], t)).join(',') + '\n';
    }
    await write(chunk);
  }
  out.end();
  await once(out, 'finish');
  // The PostgreSQL server reads it as its own unprivileged user.
  await chmod(path, 0o644);
  return path;
}

/** A header-only CSV next to the data, to probe whether the server can read files there. */
export async function writeHeaderOnlyCsv(dir: string, columns: readonly OrderColumn[]): Promise<string> {
  const path = join(dir, 'orders-header.csv');
  const out = createWriteStream(path);
  out.end(columns.map((c) => c.name).join(',') + '\n');
  await once(out, 'finish');
  await chmod(path, 0o644);
  return path;
}

function csvField(v: unknown, type: OrderColumn['type']): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (type === 'money' && typeof v === 'number') return v.toFixed(2);
  const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(text) || text === '' ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The rows and their CSV, built once per process and size: both load cases share them. */
export interface OrdersFixture {
  readonly columns: readonly OrderColumn[];
  readonly batches: readonly (readonly unknown[][])[];
  readonly count: number;
  readonly csvPath: string;
  readonly csvBytes: number;
}

const fixtures = new Map<string, Promise<OrdersFixture>>();

/** The shared fixture of `count` rows, its CSV in `dir`. */
export function ordersFixture(dir: string, count: number): Promise<OrdersFixture> {
  const key = `${dir}\0${count}`;
  let fixture = fixtures.get(key);
  if (!fixture) {
    fixture = buildFixture(dir, count);
    // Only one size is kept: a second size would double the memory held for no gain.
    fixtures.clear();
    fixtures.set(key, fixture);
  }
  return fixture;
}

async function buildFixture(dir: string, count: number): Promise<OrdersFixture> {
  const columns = orderColumns();
  const batches = generateOrders(count);
  const csvPath = await writeOrdersCsv(dir, columns, batches);
  const { size } = await stat(csvPath);
  return { columns, batches, count, csvPath, csvBytes: size };
}
