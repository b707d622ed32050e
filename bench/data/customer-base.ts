// A customer base for the segments and destinations cases, written by the engine itself
// (generate_series over BIGINT, modular arithmetic): the same rows on DuckDB and Postgres.
import { sql, type Warehouse } from '../../warehouse/index.ts';

/** The day the marts rows are for and the segments are evaluated at. */
export const AS_OF = '2024-12-31';
/** The run's wall clock: 08:00 on 2025-01-01 in the warehouse zone (Asia/Shanghai). */
export const NOW = new Date('2025-01-01T00:00:00Z');

export const CITIES = [
  ['Shanghai', 'Shanghai'],
  ['Beijing', 'Beijing'],
  ['Guangzhou', 'Guangdong'],
  ['Shenzhen', 'Guangdong'],
  ['Hangzhou', 'Zhejiang'],
  ['Chengdu', 'Sichuan'],
  ['Wuhan', 'Hubei'],
  ['Nanjing', 'Jiangsu'],
] as const;

export const RFM_SEGMENTS = [
  'Champions',
  'Loyal Customers',
  'Potential Loyalists',
  'New Customers',
  'Promising',
  'Need Attention',
  'About To Sleep',
  'At Risk',
  'Hibernating',
  'Lost',
] as const;

export const CONSENT_CHANNELS = ['sms', 'wechat', 'email'] as const;

const raw = sql.__dangerous__rawValue;
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
/** CASE <expr> WHEN 0 THEN v0 ... END over a list of strings. */
const pick = (expr: string, values: readonly string[]) =>
  raw(`CASE ${expr} ${values.map((v, i) => `WHEN ${i} THEN ${lit(v)}`).join(' ')} END`);

export interface CustomerBase {
  readonly customers: number;
  /** Customers with orders and marts rows (the first 80%). */
  readonly buyers: number;
  readonly orders: number;
  readonly consents: number;
  readonly tags: number;
}

/**
 * `customers` customers (gender, birth date, city, province, phone, email); the first 80% are
 * buyers: they hold `ordersPerCustomer` x customers orders (half spread evenly, half over the first
 * tenth of them, 2% cancelled, 2% refunded), one marts.rfm_scores and marts.clv row and 3-4 tags
 * each for AS_OF. Marketing consent per channel: granted by 80% on each, withdrawn later by ~9%.
 */
export async function generateCustomerBase(
  wh: Warehouse,
  opts: { customers: number; ordersPerCustomer?: number; withOrders?: boolean; withMarts?: boolean },
): Promise<CustomerBase> {
  const customers = opts.customers;
  const buyers = Math.max(1, Math.round(customers * 0.8));
  const heavy = Math.max(1, Math.round(buyers / 10));
  const orders = opts.withOrders === false ? 0 : Math.round(customers * (opts.ordersPerCustomer ?? 3));
  const asOf = sql`CAST(${AS_OF} AS DATE)`;
  const ts = (s: string) => raw(`CAST('${s}' AS TIMESTAMPTZ)`);

  await wh.query(sql`
    INSERT INTO core.customers (customer_id, full_name, gender, birth_date, phone, email, province, city,
      created_at, updated_at)
    SELECT 'C' || i, 'Name ' || i,
      ${pick('i % 3', ['male', 'female'])},
      CASE WHEN i % 20 = 0 THEN NULL
        ELSE CAST('1960-01-01' AS DATE) + CAST((i * 7919) % 16000 AS INTEGER) END,
      '+86139' || CAST(10000000 + i % 89999999 AS VARCHAR), 'c' || i || '@example.com',
      ${pick(
        'i % 8',
        CITIES.map((c) => c[1]),
      )}, ${pick(
        'i % 8',
        CITIES.map((c) => c[0]),
      )},
      ${ts('2023-01-01 00:00:00+00')}, ${ts('2023-01-01 00:00:00+00')}
    FROM generate_series(CAST(0 AS BIGINT), ${customers - 1}) t(i)`);

  if (orders > 0) {
    await wh.query(sql`
      INSERT INTO core.orders (source, order_id, customer_id, channel, store_code, ordered_at, status,
        currency, net_amount, discount_amount, refund_amount, ingested_at)
      SELECT 'bench', 'o' || i,
        'C' || CASE WHEN i % 2 = 0 THEN (i * 7919) % ${buyers} ELSE (i * 7919) % ${heavy} END,
        ${pick('i % 3', ['store', 'ecommerce', 'miniprogram'])},
        CASE WHEN i % 3 = 0 THEN 'S' || (i % 50) ELSE NULL END,
        ${ts('2024-01-01 00:00:00+00')} + INTERVAL '1 second' * ((i * 7907) % 31536000),
        CASE i % 50 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'refunded' ELSE 'completed' END,
        'CNY', 10.5 + (i * 31) % 990, CASE WHEN i % 4 = 0 THEN 5 ELSE 0 END,
        CASE WHEN i % 50 = 1 THEN 10.5 + (i * 31) % 990 ELSE NULL END,
        ${ts('2025-01-01 00:00:00+00')}
      FROM generate_series(CAST(0 AS BIGINT), ${orders - 1}) t(i)`);
  }

  let tags = 0;
  if (opts.withMarts !== false) {
    const r = '(1 + i % 5)';
    const f = '(1 + (i % 7) % 5)';
    const m = '(1 + (i % 11) % 5)';
    await wh.query(sql`
      INSERT INTO marts.rfm_scores (as_of, customer_id, first_order_at, last_order_at, recency_days,
        frequency, monetary, r_score, f_score, m_score, rfm_cell, segment)
      SELECT ${asOf}, 'C' || i, ${ts('2024-01-02 12:00:00+00')},
        ${ts('2024-12-31 04:00:00+00')} - INTERVAL '1 day' * ((i * 13) % 365),
        CAST((i * 13) % 365 AS INTEGER), CAST(1 + i % 9 AS INTEGER), 10 + (i * 37) % 5000,
        ${raw(r)}, ${raw(f)}, ${raw(m)},
        CAST(${raw(r)} AS VARCHAR) || CAST(${raw(f)} AS VARCHAR) || CAST(${raw(m)} AS VARCHAR),
        ${pick('(i * 3) % 10', RFM_SEGMENTS)}
      FROM generate_series(CAST(0 AS BIGINT), ${buyers - 1}) t(i)`);
    await wh.query(sql`
      INSERT INTO marts.clv (as_of, customer_id, frequency, recency_periods, age_periods, avg_repeat_value,
        prob_alive, expected_purchases, expected_avg_value, clv, currency)
      SELECT ${asOf}, 'C' || i, CAST(i % 6 AS INTEGER), CAST(i % 40 AS DOUBLE PRECISION),
        CAST(40 + i % 12 AS DOUBLE PRECISION), CAST((i * 17) % 600 AS DOUBLE PRECISION),
        CAST((i * 37) % 100 AS DOUBLE PRECISION) / 100, CAST((i * 7) % 50 AS DOUBLE PRECISION) / 10,
        CAST(50 + (i * 17) % 600 AS DOUBLE PRECISION), CAST((i * 7919) % 30000 AS DOUBLE PRECISION) / 10, 'CNY'
      FROM generate_series(CAST(0 AS BIGINT), ${buyers - 1}) t(i)`);
    const tagDefs: [string, string][] = [
      ['lifecycle_stage', `${pickText('(i % 13) % 5', ['new', 'active', 'mature', 'lapsing', 'lost'])}`],
      ['price_band', `${pickText('(i % 17) % 3', ['low', 'mid', 'high'])}`],
      ['channel_preference', `${pickText('(i % 19) % 3', ['store', 'ecommerce', 'miniprogram'])}`],
      ['category_preference', `'cat' || (i % 14)`],
    ];
    for (const [tag, value] of tagDefs) {
      const only = tag === 'category_preference' ? raw('WHERE i % 2 = 0') : raw('');
      await wh.query(sql`
        INSERT INTO marts.customer_tags (as_of, customer_id, tag, value, score)
        SELECT ${asOf}, 'C' || i, ${tag}, ${raw(value)}, CAST(i % 100 AS DOUBLE PRECISION) / 100
        FROM generate_series(CAST(0 AS BIGINT), ${buyers - 1}) t(i) ${only}`);
    }
    tags = buyers * 3 + Math.ceil(buyers / 2);
  }

  // Grants in 2024 for 80% per channel; a later withdrawal for ~9% of all (customer, channel).
  await wh.query(sql`
    INSERT INTO core.consents (source, consent_id, customer_id, purpose, channel, status, occurred_at,
      ingested_at)
    SELECT 'bench', 'g' || i || '-' || n, 'C' || i, 'marketing', ${pick('n', ['', ...CONSENT_CHANNELS])},
      'granted', ${ts('2024-02-01 00:00:00+00')} + INTERVAL '1 hour' * ((i * 31 + n) % 5000),
      ${ts('2025-01-01 00:00:00+00')}
    FROM generate_series(CAST(0 AS BIGINT), ${customers - 1}) t(i), generate_series(1, 3) c(n)
    WHERE (i + n) % 5 <> 0`);
  await wh.query(sql`
    INSERT INTO core.consents (source, consent_id, customer_id, purpose, channel, status, occurred_at,
      ingested_at)
    SELECT 'bench', 'w' || i || '-' || n, 'C' || i, 'marketing', ${pick('n', ['', ...CONSENT_CHANNELS])},
      'withdrawn', ${ts('2024-11-01 00:00:00+00')} + INTERVAL '1 hour' * ((i * 7 + n) % 1000),
      ${ts('2025-01-01 00:00:00+00')}
    FROM generate_series(CAST(0 AS BIGINT), ${customers - 1}) t(i), generate_series(1, 3) c(n)
    WHERE (i * 3 + n) % 11 = 0`);
  const { rows } = await wh.query<{ n: number }>(sql`SELECT count(*) AS n FROM core.consents`);
  return { customers, buyers, orders, consents: Number(rows[0]?.n ?? 0), tags };
}

function pickText(expr: string, values: readonly string[]): string {
  return `CASE ${expr} ${values.map((v, i) => `WHEN ${i} THEN ${lit(v)}`).join(' ')} END`;
}
