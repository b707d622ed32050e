import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type Engine } from '../../../test/engines.ts';
import { warehousePerTest } from '../../../test/warehouse-per-test.ts';
import { generatedSample } from '../../../test/generated.ts';
import { writeTree } from '../../../test/files.ts';
import { sql, type Warehouse } from '../../../warehouse/index.ts';
import { ingest } from '../../index.ts';
import { ecommerceConnector } from './connector.ts';

const line = (o: unknown): string => JSON.stringify(o);
const ORDER_A = {
  order_id: 'A1',
  status: 'completed',
  created_at: '2025-03-01T10:15:00+08:00',
  paid_at: '2025-03-01T10:16:30+08:00',
  client: 'miniprogram',
  buyer: { nick: '小明的店', union_id: 'oU1', open_id: 'oS1', platform_user_id: '2001' },
  receiver: {
    name: '王 小明',
    phone: '+86 139 1234 5678',
    province: '上海市',
    city: '上海市',
    district: '浦东新区',
    address: '湖滨路1号',
  },
  items: [
    { sku: 'SKU1', title: '眉笔', category: '彩妆', qty: 2, price: 39, discount: 7.8 },
    { sku: 'SKU2', title: '牛肉干 200g', category: '零食', qty: 1, price: 49.9, discount: 0 },
  ],
  coupons: [{ code: 'SHOP-15OFF-X', amount: 15 }],
  pay_amount: 105.1,
  freight: 0,
};
// The same buyer later, from the app, as the platform's Chinese console labels the status, with
// a local time and a masked receiver phone (dropped and noted, the order still loads).
const ORDER_B = {
  order_id: 'B2',
  status: '已发货',
  created_at: '2025-03-05 20:00:00',
  paid_at: '2025-03-05 20:01:00',
  client: 'app',
  buyer: { nick: '小明的店2', union_id: 'oU1', platform_user_id: '2001', device_id: 'DEV1' },
  receiver: {
    name: 'Lucy Wang',
    phone: '139****5678',
    province: '湖南',
    city: '长沙市',
    district: '岳麓区',
    address: '长沙市岳麓区迎宾路7号',
  },
  items: [{ sku: 'SKU3', title: '垃圾袋 100只', category: '日用品', qty: 1, price: '15.90', discount: 0 }],
  coupons: [],
  pay_amount: '21.90',
  freight: 6,
};
const ORDER_C = {
  order_id: 'C3',
  status: 'cancelled',
  created_at: '2025-03-06T09:00:00+08:00',
  paid_at: null,
  client: 'pc',
  buyer: { nick: 'tb1', platform_user_id: '2002' },
  receiver: { name: '', phone: '', province: '', city: '', district: '', address: '' },
  items: [{ sku: 'SKU4', title: '口罩', category: '日用品', qty: 1, price: 10 }],
  pay_amount: 10,
};
const ORDERS = [
  line(ORDER_A),
  line(ORDER_B),
  line(ORDER_C),
  // 4: pays more than its items and freight
  line({
    ...ORDER_C,
    order_id: 'D4',
    status: 'paid',
    pay_amount: 100,
    freight: 8,
    items: [ORDER_A.items[0]],
  }),
  // 5: no order time
  line({ ...ORDER_C, order_id: 'E5', created_at: '' }),
  // 6: a quantity that is not a number
  line({ ...ORDER_C, order_id: 'F6', items: [{ ...ORDER_C.items[0], qty: 'two' }] }),
  // 7: truncated line
  line(ORDER_C).slice(0, 60),
  // 8: no items
  line({ ...ORDER_C, order_id: 'H8', items: [] }),
  // 9: a status the platform does not have
  line({ ...ORDER_C, order_id: 'I9', status: 'lost' }),
  // 10: no buyer account
  line({ ...ORDER_C, order_id: 'J10', buyer: { nick: 'x' } }),
].join('\n');
const REFUNDS = [
  line({
    refund_id: 'RF1',
    order_id: 'A1',
    amount: 21.9,
    reason: '七天无理由退货',
    created_at: '2025-03-04T02:56:54+08:00',
  }),
  line({ refund_id: 'RF2', order_id: 'A1', reason: '拍错了', created_at: '2025-03-04T02:56:54+08:00' }),
  line({ refund_id: 'RF3', order_id: 'A1', amount: 5, reason: '拍错了', created_at: 'yesterday' }),
].join('\n');

describe.each(ENGINES)('ecommerce connector on %s', (engine: Engine) => {
  beforeAll(async () => {
    await generatedSample(5);
  }, 120_000);
  const open = warehousePerTest(engine);
  const run = (w: Warehouse, paths: string[]) =>
    ingest(w, ecommerceConnector, paths, { timezone: 'Asia/Shanghai' });

  it('loads orders with exact totals, lines, buyer and receiver records, and quarantines bad ones', async () => {
    const w = await open('ecom_load');
    const dir = writeTree({ 'ecommerce/orders-202503.ndjson': ORDERS });
    const report = await run(w, [dir]);
    expect(report.files[0]).toMatchObject({
      status: 'loaded',
      read: 10,
      loaded: 3,
      quarantined: 7,
      duplicates: 0,
    });
    const { rows: orders } = await w.query(
      sql`SELECT order_id, source_key, channel, ordered_at, status, currency, gross_amount, discount_amount, shipping_amount, net_amount, refund_amount, payment_method, fulfilment, attributes FROM core.orders ORDER BY order_id`,
    );
    expect(orders).toEqual([
      {
        order_id: 'A1',
        source_key: 'ecommerce_buyer:2001',
        channel: 'ecommerce',
        ordered_at: new Date('2025-03-01T02:15:00Z'),
        status: 'completed',
        currency: 'CNY',
        gross_amount: 127.9,
        discount_amount: 22.8,
        shipping_amount: 0,
        net_amount: 105.1,
        refund_amount: null,
        payment_method: null,
        fulfilment: 'delivery',
        attributes: {
          client: 'miniprogram',
          paid_at: '2025-03-01T02:16:30.000Z',
          coupons: [{ code: 'SHOP-15OFF-X', amount: '15.00' }],
          receiver_source_key: 'ecommerce_receiver:A1',
        },
      },
      {
        order_id: 'B2',
        source_key: 'ecommerce_buyer:2001',
        channel: 'ecommerce',
        ordered_at: new Date('2025-03-05T12:00:00Z'),
        status: 'shipped',
        currency: 'CNY',
        gross_amount: 15.9,
        discount_amount: 0,
        shipping_amount: 6,
        net_amount: 21.9,
        refund_amount: null,
        payment_method: null,
        fulfilment: 'delivery',
        attributes: {
          client: 'app',
          paid_at: '2025-03-05T12:01:00.000Z',
          platform_status: '已发货',
          receiver_source_key: 'ecommerce_receiver:B2',
          invalid_fields: { 'receiver.phone': 'phone "139****5678" is masked; expected the full number' },
        },
      },
      {
        order_id: 'C3',
        source_key: 'ecommerce_buyer:2002',
        channel: 'ecommerce',
        ordered_at: new Date('2025-03-06T01:00:00Z'),
        status: 'cancelled',
        currency: 'CNY',
        gross_amount: 10,
        discount_amount: 0,
        shipping_amount: 0,
        net_amount: 10,
        refund_amount: null,
        payment_method: null,
        fulfilment: 'delivery',
        attributes: { client: 'pc', paid_at: null, receiver_source_key: 'ecommerce_receiver:C3' },
      },
    ]);
    const { rows: lines } = await w.query(
      sql`SELECT order_id, line_no, sku, product_name, category, quantity, unit_price, discount_amount, line_amount FROM core.order_lines ORDER BY order_id, line_no`,
    );
    expect(lines).toEqual([
      {
        order_id: 'A1',
        line_no: 1,
        sku: 'SKU1',
        product_name: '眉笔',
        category: '彩妆',
        quantity: 2,
        unit_price: 39,
        discount_amount: 7.8,
        line_amount: 70.2,
      },
      {
        order_id: 'A1',
        line_no: 2,
        sku: 'SKU2',
        product_name: '牛肉干 200g',
        category: '零食',
        quantity: 1,
        unit_price: 49.9,
        discount_amount: 0,
        line_amount: 49.9,
      },
      {
        order_id: 'B2',
        line_no: 1,
        sku: 'SKU3',
        product_name: '垃圾袋 100只',
        category: '日用品',
        quantity: 1,
        unit_price: 15.9,
        discount_amount: 0,
        line_amount: 15.9,
      },
      {
        order_id: 'C3',
        line_no: 1,
        sku: 'SKU4',
        product_name: '口罩',
        category: '日用品',
        quantity: 1,
        unit_price: 10,
        discount_amount: 0,
        line_amount: 10,
      },
    ]);
    const { rows: people } = await w.query(
      sql`SELECT source_key, full_name, family_name, given_name, phone, phones, province, city, district, address, platform_user_id, union_id, open_id, device_id, attributes, source_created_at, source_updated_at FROM core.source_records ORDER BY source_key`,
    );
    const person = {
      full_name: null,
      family_name: null,
      given_name: null,
      phone: null,
      phones: null,
      province: null,
      city: null,
      district: null,
      address: null,
      platform_user_id: null,
      union_id: null,
      open_id: null,
      device_id: null,
    };
    const [a, b, cAt] = ['2025-03-01T02:15:00Z', '2025-03-05T12:00:00Z', '2025-03-06T01:00:00Z'].map(
      (t) => new Date(t),
    );
    expect(people).toEqual([
      // The latest order's snapshot of the account wins.
      {
        ...person,
        source_key: 'ecommerce_buyer:2001',
        platform_user_id: '2001',
        union_id: 'oU1',
        device_id: 'DEV1',
        attributes: { nickname: '小明的店2' },
        source_created_at: b,
        source_updated_at: b,
      },
      {
        ...person,
        source_key: 'ecommerce_buyer:2002',
        platform_user_id: '2002',
        attributes: { nickname: 'tb1' },
        source_created_at: cAt,
        source_updated_at: cAt,
      },
      {
        ...person,
        source_key: 'ecommerce_receiver:A1',
        full_name: '王小明',
        family_name: '王',
        given_name: '小明',
        phone: '+8613912345678',
        phones: ['+8613912345678'],
        province: '上海市',
        city: '上海市',
        district: '浦东新区',
        address: '湖滨路1号',
        attributes: { order_id: 'A1', buyer_source_key: 'ecommerce_buyer:2001' },
        source_created_at: a,
        source_updated_at: a,
      },
      {
        ...person,
        source_key: 'ecommerce_receiver:B2',
        full_name: 'Lucy Wang',
        province: '湖南',
        city: '长沙市',
        district: '岳麓区',
        address: '长沙市岳麓区迎宾路7号',
        attributes: {
          order_id: 'B2',
          buyer_source_key: 'ecommerce_buyer:2001',
          invalid_fields: { 'receiver.phone': 'phone "139****5678" is masked; expected the full number' },
        },
        source_created_at: b,
        source_updated_at: b,
      },
      {
        ...person,
        source_key: 'ecommerce_receiver:C3',
        attributes: { order_id: 'C3', buyer_source_key: 'ecommerce_buyer:2002' },
        source_created_at: cAt,
        source_updated_at: cAt,
      },
    ]);
    const { rows: q } = await w.query(
      sql`SELECT record_no, line, reason_code, message FROM ops.quarantine ORDER BY record_no`,
    );
    expect(q.map((r) => [r.record_no, r.line, r.reason_code])).toEqual([
      [4, 4, 'bad_amount'],
      [5, 5, 'missing_field'],
      [6, 6, 'bad_number'],
      [7, 7, 'parse_error'],
      [8, 8, 'missing_field'],
      [9, 9, 'invalid_record'],
      [10, 10, 'missing_field'],
    ]);
    expect(q.map((r) => r.message)).toEqual([
      'pay_amount 100.00 is not gross 78.00 - discount 7.80 (items 7.80 + coupons 0.00) + freight 8.00 = 78.20',
      'created_at is empty; the record needs it',
      expect.stringMatching(/^items\.0\.qty: number "two" is not a number/),
      expect.stringMatching(/^line 7: not valid JSON/),
      'items is []; the order needs a list of at least one item',
      expect.stringMatching(/^status "lost" is not a known order status; expected one of completed, paid, /),
      'buyer.platform_user_id is empty; the record needs it',
    ]);
    const { rows: files } = await w.query(
      sql`SELECT records_read, records_loaded, records_quarantined, duplicates_skipped FROM ops.ingested_files`,
    );
    expect(files).toEqual([
      { records_read: 10, records_loaded: 3, records_quarantined: 7, duplicates_skipped: 0 },
    ]);
    const { rows: raw } = await w.query(sql`SELECT count(*) AS n FROM raw.ecommerce_orders`);
    expect(raw[0]?.n).toBe(10);
  });

  it('loads refunds as events and quarantines refunds without an amount or a readable time', async () => {
    const w = await open('ecom_refunds');
    const report = await run(w, [writeTree({ 'ecommerce/refunds-202503.ndjson': REFUNDS })]);
    expect(report.files[0]).toMatchObject({
      kind: 'refunds',
      read: 3,
      loaded: 1,
      quarantined: 2,
      duplicates: 0,
    });
    const { rows } = await w.query(
      sql`SELECT event_id, event_type, occurred_at, source_key, channel, status, attributes FROM core.events`,
    );
    expect(rows).toEqual([
      {
        event_id: 'RF1',
        event_type: 'refund',
        occurred_at: new Date('2025-03-03T18:56:54Z'),
        source_key: null,
        channel: 'ecommerce',
        status: null,
        attributes: { order_id: 'A1', amount: '21.90', reason: '七天无理由退货' },
      },
    ]);
    const { rows: q } = await w.query(
      sql`SELECT record_no, reason_code, message FROM ops.quarantine ORDER BY 1`,
    );
    expect(q.map((r) => [r.record_no, r.reason_code])).toEqual([
      [2, 'missing_field'],
      [3, 'bad_timestamp'],
    ]);
    expect(q[0]?.message).toBe('amount is empty; the record needs it');
    expect(q[1]?.message).toMatch(/^created_at: /);
    const { rows: raw } = await w.query(sql`SELECT count(*) AS n FROM raw.ecommerce_refunds`);
    expect(raw[0]?.n).toBe(3);
  });

  it('is idempotent: the same file again is skipped, the same orders in a new file are duplicates', async () => {
    const w = await open('ecom_idem');
    const dir = writeTree({ 'orders-202503.ndjson': ORDERS });
    await run(w, [dir]);
    const again = await run(w, [dir]);
    expect(again.totals).toMatchObject({ read: 0, skippedFiles: 1 });
    const dup = await run(w, [writeTree({ 'orders-202503.ndjson': ORDERS + '\n' })]);
    expect(dup.files[0]).toMatchObject({ read: 10, loaded: 0, quarantined: 7, duplicates: 3 });
    const { rows } = await w.query(
      sql`SELECT (SELECT count(*) FROM core.orders) AS orders, (SELECT count(*) FROM core.order_lines) AS lines, (SELECT count(*) FROM core.source_records) AS people`,
    );
    expect(rows[0]).toEqual({ orders: 3, lines: 4, people: 5 });
  });

  it('updates an order re-exported later with a changed status', async () => {
    const w = await open('ecom_update');
    const shipped = line({ ...ORDER_A, status: 'shipped' });
    await run(w, [writeTree({ 'orders-202503.ndjson': [shipped, line(ORDER_C)].join('\n') })]);
    const later = await run(w, [
      writeTree({ 'orders-202503.ndjson': [line(ORDER_A), line(ORDER_C)].join('\n') }),
    ]);
    expect(later.files[0]).toMatchObject({ read: 2, loaded: 1, quarantined: 0, duplicates: 1 });
    const { rows } = await w.query(sql`SELECT order_id, status FROM core.orders ORDER BY order_id`);
    expect(rows).toEqual([
      { order_id: 'A1', status: 'completed' },
      { order_id: 'C3', status: 'cancelled' },
    ]);
  });

  it('reads gzipped exports and fails a file that is not UTF-8 alone, loading nothing of it', async () => {
    const w = await open('ecom_encoding');
    const dir = writeTree({
      'orders-202503.ndjson.gz': gzipSync(Buffer.from(line(ORDER_A) + '\n')),
      'orders-202504.ndjson': Buffer.concat([
        Buffer.from(line(ORDER_C).replace('口罩', '')),
        Buffer.from([0xc4, 0xe3, 0xff]),
        Buffer.from('\n'),
      ]),
      'notes.txt': 'not an export',
    });
    const report = await run(w, [dir]);
    const gz = report.files.find((f) => f.path.endsWith('.gz'))!;
    const bad = report.files.find((f) => f.path.endsWith('04.ndjson'))!;
    expect(gz).toMatchObject({ status: 'loaded', loaded: 1 });
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatch(/not valid utf-8|invalid utf-8/);
    expect(report.ignored).toEqual([expect.stringMatching(/notes\.txt$/)]);
    const { rows } = await w.query(sql`SELECT order_id FROM core.orders`);
    expect(rows).toEqual([{ order_id: 'A1' }]);
  });

  it('loads a generated data set: reconciled, nothing quarantined but what was broken, every key present', async () => {
    const w = await open('ecom_generated');
    const { dir, manifest } = await generatedSample(5);
    const report = await run(w, [join(dir, 'ecommerce')]);
    expect(report.totals.failedFiles).toBe(0);
    expect(report.files.length).toBeGreaterThanOrEqual(2);
    for (const f of report.files) expect(f.read).toBe(f.loaded + f.quarantined + f.duplicates);
    const { rows: files } = await w.query(
      sql`SELECT path, records_read, records_loaded, records_quarantined, duplicates_skipped FROM ops.ingested_files`,
    );
    expect(files.length).toBe(report.files.length);
    for (const f of files) {
      expect(Number(f.records_read)).toBe(
        Number(f.records_loaded) + Number(f.records_quarantined) + Number(f.duplicates_skipped),
      );
    }
    const broken = manifest.invalidRecords
      .filter((r) => r.path.startsWith('ecommerce/'))
      .map((r) => `${r.path}:${r.line}`);
    const { rows: q } = await w.query(sql`SELECT path, line, reason_code, message FROM ops.quarantine`);
    expect(q.map((r) => `ecommerce/${String(r.path).split(/[\\/]/).pop()}:${r.line}`).sort()).toEqual(
      broken.sort(),
    );
    const orders = manifest.counts.ecommerce?.orders ?? 0;
    const { rows: n } = await w.query(
      sql`SELECT (SELECT count(*) FROM core.orders) AS orders, (SELECT count(*) FROM core.order_lines) AS lines, (SELECT count(*) FROM core.events WHERE event_type = 'refund') AS refunds`,
    );
    expect(n[0]).toEqual({
      orders,
      lines: manifest.counts.ecommerce?.order_items ?? 0,
      refunds: manifest.counts.ecommerce?.refunds ?? 0,
    });
    const truth = readFileSync(join(dir, 'ground_truth.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter((c) => c[0] === 'ecommerce')
      .map((c) => c[1]!);
    expect(truth.length).toBeGreaterThan(0);
    const { rows: keys } = await w.query(sql`SELECT source_key FROM core.source_records`);
    expect(keys.map((r) => String(r.source_key)).sort()).toEqual([...truth].sort());
  });
});
