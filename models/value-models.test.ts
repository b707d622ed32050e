import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse } from '../test/engines.ts';
import { sql, type Warehouse } from '../warehouse/index.ts';
import { ModelsConfigSchema, type ModelsConfigInput } from './config.ts';
import { runValueModel } from './run.ts';

// Local times are Asia/Shanghai (+08:00), the warehouse's zone: a day is a Shanghai day.
type Line = readonly [category: string, quantity: number, unitPrice: number];
interface Order {
  readonly customer: string | null;
  readonly at: string;
  readonly net: number;
  readonly status?: string;
  readonly refund?: number | null;
  readonly currency?: string;
  readonly channel?: string;
  readonly discount?: number;
  readonly lines?: readonly Line[];
}

const NOW = new Date('2025-07-15T00:00:00+08:00');
const open: Warehouse[] = [];
afterAll(async () => {
  for (const w of open) await w.close();
});

async function warehouseWith(
  engine: (typeof ENGINES)[number],
  label: string,
  orders: readonly Order[],
): Promise<Warehouse> {
  const wh = await freshWarehouse(engine, label, 'Asia/Shanghai');
  open.push(wh);
  const customers = [...new Set(orders.map((o) => o.customer))].filter(
    (c): c is string => c !== null && !c.startsWith('ghost'),
  );
  for (const c of customers) {
    await wh.query(
      sql`INSERT INTO core.customers (customer_id, created_at, updated_at) VALUES (${c}, ${NOW}, ${NOW})`,
    );
  }
  let seq = 0;
  for (const o of orders) {
    const id = `o${++seq}`;
    await wh.query(sql`
      INSERT INTO core.orders (source, order_id, customer_id, channel, ordered_at, status, currency,
        net_amount, discount_amount, refund_amount, ingested_at)
      VALUES ('test', ${id}, ${o.customer}, ${o.channel ?? 'store'}, ${new Date(`${o.at}+08:00`)},
        ${o.status ?? 'completed'}, ${o.currency ?? 'CNY'}, ${o.net}, ${o.discount ?? 0}, ${o.refund ?? null}, ${NOW})`);
    let lineNo = 0;
    for (const [category, quantity, unitPrice] of o.lines ?? []) {
      await wh.query(sql`
        INSERT INTO core.order_lines (source, order_id, line_no, category, quantity, unit_price, line_amount, ingested_at)
        VALUES ('test', ${id}, ${++lineNo}, ${category}, ${quantity}, ${unitPrice}, ${quantity * unitPrice}, ${NOW})`);
    }
  }
  return wh;
}

const rowsOf = async (wh: Warehouse, table: string, asOf: string) =>
  (
    await wh.query(
      sql`SELECT * FROM ${sql.__dangerous__rawValue(table)} WHERE as_of = CAST(${asOf} AS DATE) ORDER BY 2, 3`,
    )
  ).rows;

const config = (input: ModelsConfigInput = {}) => ModelsConfigSchema.parse(input);

describe('RFM', () => {
  // Customers a..j: frequencies 1,1,1,1,1,1,2,3,4,5 with 100 per order, last orders on distinct days.
  const frequencies = [1, 1, 1, 1, 1, 1, 2, 3, 4, 5];
  const quintileOrders: Order[] = frequencies.flatMap((f, i) =>
    Array.from({ length: f }, (_, k) => ({
      customer: `c${String.fromCharCode(97 + i)}`,
      at: `2025-06-${String(10 + i).padStart(2, '0')} 1${k}:00:00`,
      net: 100,
    })),
  );

  it('scores quintiles by rank with ties sharing the lowest score, the same on both engines', async () => {
    const results = [];
    for (const engine of ENGINES) {
      const wh = await warehouseWith(engine, 'rfm_ties', quintileOrders);
      await runValueModel(wh, 'rfm', config(), { asOf: '2025-06-30', now: NOW });
      const rows = await rowsOf(wh, 'marts.rfm_scores', '2025-06-30');
      // 1 + floor(5 (rank - 1) / 10): six customers tied at one order share rank 1.
      expect(rows.map((r) => r.f_score)).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
      expect(rows.map((r) => r.m_score)).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
      // Last purchases on June 10..19: the most recent gets 5.
      expect(rows.map((r) => r.recency_days)).toEqual([20, 19, 18, 17, 16, 15, 14, 13, 12, 11]);
      expect(rows.map((r) => r.r_score)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
      expect(rows.map((r) => r.frequency)).toEqual(frequencies);
      expect(rows.map((r) => r.monetary)).toEqual(frequencies.map((f) => f * 100));
      expect(rows.map((r) => r.segment)).toEqual([
        'Lost',
        'Lost',
        'About To Sleep',
        'About To Sleep',
        'Potential Loyalists',
        'Potential Loyalists',
        'Champions',
        'Champions',
        'Champions',
        'Champions',
      ]);
      expect(rows.map((r) => r.rfm_cell).slice(-1)).toEqual(['555']);
      results.push(rows);
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('is reproducible for an as_of: later orders and reruns change nothing; the window and segments are configurable', async () => {
    for (const engine of ENGINES) {
      const wh = await warehouseWith(engine, 'rfm_asof', [
        ...quintileOrders,
        { customer: 'ca', at: '2025-07-03 10:00:00', net: 5000 },
        { customer: 'cb', at: '2024-01-01 10:00:00', net: 5000 },
      ]);
      await runValueModel(wh, 'rfm', config(), { asOf: '2025-06-30', now: NOW });
      const first = await rowsOf(wh, 'marts.rfm_scores', '2025-06-30');
      await runValueModel(wh, 'rfm', config(), { asOf: '2025-07-10', now: NOW });
      await runValueModel(wh, 'rfm', config(), { asOf: '2025-06-30', now: NOW });
      expect(await rowsOf(wh, 'marts.rfm_scores', '2025-06-30')).toEqual(first);
      // cb's 2024 order is outside the 365-day window.
      expect(first.find((r) => r.customer_id === 'cb')!.monetary).toBe(100);
      const later = await rowsOf(wh, 'marts.rfm_scores', '2025-07-10');
      expect(later.find((r) => r.customer_id === 'ca')).toMatchObject({ recency_days: 7, monetary: 5100 });
      const custom = config({
        rfm: { windowDays: 800, segments: [{ name: 'Big', r: [1, 5], f: [1, 5], m: [5, 5] }] },
      });
      await runValueModel(wh, 'rfm', custom, { asOf: '2025-06-30', now: NOW });
      const wide = await rowsOf(wh, 'marts.rfm_scores', '2025-06-30');
      expect(wide.find((r) => r.customer_id === 'cb')).toMatchObject({ monetary: 5100, segment: 'Big' });
      expect(new Set(wide.map((r) => r.segment))).toEqual(new Set(['Big', 'Others']));
    }
  });

  it('nets refunds and returns, and counts every order it leaves out by reason', async () => {
    const results = [];
    for (const engine of ENGINES) {
      const wh = await warehouseWith(engine, 'rfm_refunds', [
        { customer: 'ck', at: '2025-06-01 10:00:00', net: 300, refund: 50 },
        { customer: 'ck', at: '2025-06-02 10:00:00', net: 200, status: 'refunded' },
        { customer: 'ck', at: '2025-06-03 10:00:00', net: 150, status: 'cancelled' },
        { customer: 'ck', at: '2025-06-04 10:00:00', net: -40, status: 'returned', refund: 40 },
        { customer: 'ck', at: '2025-06-05 10:00:00', net: 0 },
        { customer: 'ck', at: '2025-06-06 10:00:00', net: -10 },
        { customer: 'ck', at: '2025-06-07 10:00:00', net: 80, currency: 'USD' },
        { customer: 'ck', at: '2025-08-01 10:00:00', net: 80 },
        { customer: 'ghost1', at: '2025-06-08 10:00:00', net: 80 },
        { customer: null, at: '2025-06-09 10:00:00', net: 80 },
        { customer: 'cl', at: '2025-06-10 10:00:00', net: 120, channel: 'ecommerce' },
      ]);
      const r = await runValueModel(wh, 'rfm', config(), { asOf: '2025-06-30', now: NOW });
      expect(r.usage).toEqual({
        orders: 11,
        counted: 2,
        returns: 1,
        excluded: {
          anonymous: 1,
          unknown_customer: 1,
          future_timestamp: 1,
          unconfigured_currency: 1,
          cancelled: 1,
          non_positive_amount: 2,
          refunded: 1,
          other_channel: 0,
        },
      });
      const rows = await rowsOf(wh, 'marts.rfm_scores', '2025-06-30');
      expect(rows.find((x) => x.customer_id === 'ck')).toMatchObject({ frequency: 1, monetary: 210 });
      // Counting only store orders leaves cl out, with a reason.
      const store = await runValueModel(wh, 'rfm', config({ rfm: { channels: ['store'] } }), {
        asOf: '2025-06-30',
        now: NOW,
      });
      expect(store.usage.excluded.other_channel).toBe(1);
      expect((await rowsOf(wh, 'marts.rfm_scores', '2025-06-30')).map((x) => x.customer_id)).toEqual(['ck']);
      results.push(rows);
    }
    expect(results[1]).toEqual(results[0]);
  });
});

describe('tags', () => {
  const orders: Order[] = [
    // cp: one store order ten days ago, a cheap mask.
    { customer: 'cp', at: '2025-06-20 10:00:00', net: 10, lines: [['口罩', 1, 10]] },
    // cq: two orders in two channels, no discount; an expensive mask.
    { customer: 'cq', at: '2025-03-01 10:00:00', net: 30, lines: [['口罩', 1, 30]] },
    { customer: 'cq', at: '2025-06-01 10:00:00', net: 50, channel: 'ecommerce', lines: [['零食', 1, 50]] },
    // cr: three orders over nine months, two discounted.
    { customer: 'cr', at: '2024-10-01 10:00:00', net: 20, discount: 5, lines: [['口罩', 1, 20]] },
    { customer: 'cr', at: '2025-01-01 10:00:00', net: 50, discount: 5, lines: [['零食', 1, 50]] },
    { customer: 'cr', at: '2025-06-01 10:00:00', net: 50, lines: [['零食', 1, 50]] },
    // cs, ct: gone quiet for 149 and 241 days.
    { customer: 'cs', at: '2025-02-01 10:00:00', net: 50 },
    { customer: 'ct', at: '2024-11-01 10:00:00', net: 50 },
    // cm: masks twice a month for two months, baskets of 200 and more.
    { customer: 'cm', at: '2025-06-25 10:00:00', net: 220, lines: [['口罩', 10, 22]] },
    { customer: 'cm', at: '2025-06-10 10:00:00', net: 250, lines: [['口罩', 10, 25]] },
    { customer: 'cm', at: '2025-05-25 10:00:00', net: 300, lines: [['口罩', 10, 30]] },
    { customer: 'cm', at: '2025-05-20 10:00:00', net: 200, lines: [['口罩', 10, 20]] },
    // cn: the same but one basket of 150 in the earlier month.
    { customer: 'cn', at: '2025-06-25 10:00:00', net: 220, lines: [['口罩', 10, 22]] },
    { customer: 'cn', at: '2025-06-10 10:00:00', net: 250, lines: [['口罩', 10, 25]] },
    { customer: 'cn', at: '2025-05-25 10:00:00', net: 300, lines: [['口罩', 10, 30]] },
    { customer: 'cn', at: '2025-05-20 10:00:00', net: 150, lines: [['口罩', 10, 15]] },
    // co: two big baskets this month, one without masks.
    { customer: 'co', at: '2025-06-25 10:00:00', net: 220, lines: [['口罩', 10, 22]] },
    { customer: 'co', at: '2025-06-10 10:00:00', net: 220, lines: [['零食', 10, 22]] },
  ];
  const masks = {
    tags: {
      rules: [
        {
          name: 'mask_regular',
          categories: ['口罩'],
          minOrders: 2,
          minOrderAmount: 200,
          periodDays: 30,
          periods: 2,
        },
      ],
    },
  };

  it('writes each built-in tag and rule tag by its documented rule, the same on both engines', async () => {
    const results = [];
    for (const engine of ENGINES) {
      const wh = await warehouseWith(engine, 'tags', orders);
      await runValueModel(wh, 'tags', config(masks), { asOf: '2025-06-30', now: NOW });
      const rows = await rowsOf(wh, 'marts.customer_tags', '2025-06-30');
      const tag = (customer: string, name: string) =>
        rows.find((r) => r.customer_id === customer && r.tag === name)?.value;
      expect(['cp', 'cq', 'cr', 'cs', 'ct'].map((c) => tag(c, 'lifecycle_stage'))).toEqual([
        'new',
        'growing',
        'mature',
        'churn_warning',
        'churned',
      ]);
      expect(tag('cp', 'channel_preference')).toBe('store');
      expect(tag('cq', 'channel_preference')).toBe('omnichannel');
      expect(tag('cr', 'promotion_sensitivity')).toBe('high');
      expect(tag('cq', 'promotion_sensitivity')).toBe('low');
      expect(tag('cp', 'promotion_sensitivity')).toBeUndefined();
      expect(tag('cp', 'category_preference')).toBe('口罩');
      expect(tag('cq', 'category_preference')).toBe('零食');
      expect(tag('cm', 'mask_regular')).toBe('true');
      expect(rows.find((r) => r.customer_id === 'cm' && r.tag === 'mask_regular')!.score).toBe(4);
      expect(tag('cn', 'mask_regular')).toBeUndefined();
      expect(tag('co', 'mask_regular')).toBeUndefined();
      // Masks sell at 23.3 on average and snacks at 28.5: cp's 10 is cheap, cq's 30 and 50 dear.
      expect(tag('cp', 'price_band')).toBe('low');
      expect(tag('cq', 'price_band')).toBe('high');
      results.push(rows);
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('rejects a rule tag that reuses a built-in name, naming the key', () => {
    expect(() => config({ tags: { rules: [{ name: 'price_band' }] } })).toThrow(
      /price_band.{0,4} is taken \(built-in tags/,
    );
  });
});
