import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ENGINES, type Engine } from '../../../test/engines.ts';
import { warehousePerTest } from '../../../test/warehouse-per-test.ts';
import { writeTree } from '../../../test/files.ts';
import { sql, type Warehouse } from '../../../warehouse/index.ts';
import { getConnector, ingest } from '../../index.ts';

const HEADER =
  'store_code,till_no,receipt_no,member_card_no,member_phone,txn_time,sku,category,qty,unit_price,discount,line_amount,payment_method';
const day1 = [
  HEADER,
  'SH01,T1,000001,6688001,,2025-03-01 10:15:00,SKU1,口罩,2,25.00,5.00,45.00,微信支付',
  'SH01,T1,000001,6688001,,2025-03-01 10:15:00,SKU2,零食,1,9.90,0,9.90,微信支付',
  'SH01,T2,000002,,+86 139 1234 5678,2025-03-01 23:30:00,SKU3,日用品,1,12.50,0,12.50,现金',
  // bad: qty is not a number; the whole receipt 000003 (two lines) is quarantined
  'SH01,T1,000003,6688002,,2025-03-01 11:00:00,SKU1,口罩,abc,25.00,0,25.00,支付宝',
  'SH01,T1,000003,6688002,,2025-03-01 11:00:00,SKU2,零食,1,9.90,0,9.90,支付宝',
  // truncated line
  'SH01,T1,000004,6688003,,2025-03-01 12:00',
  // missing txn_time
  'SH01,T3,000005,,,,SKU1,口罩,1,25.00,0,25.00,现金',
].join('\n');
const MEMBERS =
  '\ufeffmember_card_no,name,phone,gender,birthday,store_code,registered_at\n6688001,王小明,13912345678,男,1990-05-01,SH01,2024-01-01 09:00:00\n';
// GBK bytes of "王小明,口罩,微信支付", to build a GBK-encoded export as Chinese tills write them.
const GBK_NAME_SKU_PAY = Buffer.from('cdf5d0a1c3f72cbfdad5d62ccea2d0c5d6a7b8b6', 'hex');

describe.each(ENGINES)('pos connector on %s', (engine: Engine) => {
  const open = warehousePerTest(engine);
  const run = (w: Warehouse, paths: string[]) =>
    ingest(w, getConnector('pos'), paths, { timezone: 'Asia/Shanghai' });

  it('loads receipts as orders with exact totals and quarantines bad records with the reason', async () => {
    const w = await open('pos_load');
    const dir = writeTree({ 'pos/SH01/20250301.csv': day1, 'pos/members.csv': MEMBERS });
    const report = await run(w, [dir]);
    const daily = report.files.find((f) => f.path.endsWith('20250301.csv'))!;
    expect(daily).toMatchObject({ status: 'loaded', read: 7, loaded: 3, quarantined: 4, duplicates: 0 });
    expect(daily.read).toBe(daily.loaded + daily.quarantined + daily.duplicates);
    const { rows: orders } = await w.query(
      sql`SELECT order_id, source_key, ordered_at, status, gross_amount, discount_amount, net_amount, payment_method FROM core.orders ORDER BY order_id`,
    );
    expect(orders).toEqual([
      {
        order_id: 'SH01:000001',
        source_key: 'pos_receipt:SH01:000001',
        ordered_at: new Date('2025-03-01T02:15:00Z'),
        status: 'completed',
        gross_amount: 59.9,
        discount_amount: 5,
        net_amount: 54.9,
        payment_method: 'wechat_pay',
      },
      {
        order_id: 'SH01:000002',
        source_key: 'pos_receipt:SH01:000002',
        ordered_at: new Date('2025-03-01T15:30:00Z'),
        status: 'completed',
        gross_amount: 12.5,
        discount_amount: 0,
        net_amount: 12.5,
        payment_method: 'cash',
      },
    ]);
    const { rows: q } = await w.query(
      sql`SELECT record_no, line, reason_code, message FROM ops.quarantine ORDER BY record_no`,
    );
    expect(q.map((r) => [r.record_no, r.line, r.reason_code])).toEqual([
      [4, 5, 'bad_number'],
      [5, 6, 'bad_number'],
      [6, 7, 'parse_error'],
      [7, 8, 'missing_field'],
    ]);
    expect(q[0]?.message).toMatch(/^receipt 000003 of store SH01 is quarantined whole: line 5: qty: /);
    expect(q[2]?.message).toBe(`line 7: has 6 fields; expected 13 (${HEADER.split(',').join(', ')})`);
    const { rows: member } = await w.query(
      sql`SELECT source_key, full_name, family_name, given_name, phone, gender, birth_date FROM core.source_records WHERE source_key LIKE 'pos_member:%'`,
    );
    expect(member).toEqual([
      {
        source_key: 'pos_member:6688001',
        full_name: '王小明',
        family_name: '王',
        given_name: '小明',
        phone: '+8613912345678',
        gender: 'male',
        birth_date: '1990-05-01',
      },
    ]);
    const { rows: files } = await w.query(
      sql`SELECT records_read, records_loaded, records_quarantined, duplicates_skipped FROM ops.ingested_files ORDER BY path`,
    );
    expect(files).toEqual([
      { records_read: 7, records_loaded: 3, records_quarantined: 4, duplicates_skipped: 0 },
      { records_read: 1, records_loaded: 1, records_quarantined: 0, duplicates_skipped: 0 },
    ]);
    const { rows: raw } = await w.query(sql`SELECT count(*) AS n FROM raw.pos_receipt_lines`);
    expect(raw[0]?.n).toBe(7);
  });

  it('keeps receipts apart whose store and till read alike when joined', async () => {
    // 'A|B' + 'C' and 'A' + 'B|C': one text joined by '|', but two tills' receipts, on both paths.
    const text = [
      HEADER,
      'A|B,C,000001,,,2025-03-01 10:15:00,SKU1,口罩,1,25.00,0.00,25.00,现金',
      'A,B|C,000001,,,2025-03-01 10:16:00,SKU2,零食,1,9.90,0.00,9.90,现金',
    ].join('\n');
    for (const pushdown of ['never', 'always'] as const) {
      const w = await open(`pos_key_${pushdown}`);
      const dir = writeTree({ 'SH01/20250301.csv': text });
      await ingest(w, getConnector('pos'), [dir], { timezone: 'Asia/Shanghai', pushdown });
      const { rows } = await w.query(sql`SELECT order_id, net_amount FROM core.orders ORDER BY order_id`);
      expect(rows, pushdown).toEqual([
        { order_id: 'A:000001', net_amount: 9.9 },
        { order_id: 'A|B:000001', net_amount: 25 },
      ]);
    }
  });

  it('decodes GBK exports', async () => {
    const w = await open('pos_gbk');
    const line = Buffer.concat([
      Buffer.from('SH02,T1,9,,,2025-03-02 08:00:00,SKU9,'),
      GBK_NAME_SKU_PAY.subarray(7, 11),
      Buffer.from(',1,3.00,0,3.00,'),
      GBK_NAME_SKU_PAY.subarray(12),
    ]);
    const dir = writeTree({
      'SH02/20250302.csv': Buffer.concat([Buffer.from(HEADER + '\n'), line, Buffer.from('\n')]),
    });
    const report = await run(w, [dir]);
    expect(report.files[0]).toMatchObject({ status: 'loaded', encoding: 'gbk', loaded: 1 });
    const { rows } = await w.query(
      sql`SELECT o.payment_method, l.category FROM core.orders o JOIN core.order_lines l USING (source, order_id)`,
    );
    expect(rows).toEqual([{ payment_method: 'wechat_pay', category: '口罩' }]);
  });

  it('is idempotent: the same file again loads nothing, the same receipts in a new file are duplicates', async () => {
    const w = await open('pos_idem');
    const dir = writeTree({ 'SH01/20250301.csv': day1 });
    await run(w, [dir]);
    const again = await run(w, [dir]);
    expect(again.totals).toMatchObject({ read: 0, skippedFiles: 1 });
    const copy = writeTree({ 'SH01/20250301.csv': day1 + '\n' });
    const dup = await run(w, [copy]);
    expect(dup.files[0]).toMatchObject({ read: 7, loaded: 0, quarantined: 4, duplicates: 3 });
    const { rows } = await w.query(
      sql`SELECT (SELECT count(*) FROM core.orders) AS orders, (SELECT count(*) FROM core.order_lines) AS lines`,
    );
    expect(rows[0]).toEqual({ orders: 2, lines: 3 });
  });

  it('updates a member changed at the source with a newer timestamp, and ignores an older one', async () => {
    const w = await open('pos_update');
    await run(w, [writeTree({ 'members.csv': MEMBERS })]);
    const newer = MEMBERS.replace('13912345678', '13800001111').replace(
      '2024-01-01 09:00:00',
      '2024-06-01 09:00:00',
    );
    const r1 = await run(w, [writeTree({ 'members.csv': newer })]);
    expect(r1.files[0]).toMatchObject({ loaded: 1, duplicates: 0 });
    const older = MEMBERS.replace('13912345678', '13000000000').replace(
      '2024-01-01 09:00:00',
      '2023-01-01 09:00:00',
    );
    const r2 = await run(w, [writeTree({ 'members.csv': older })]);
    expect(r2.files[0]).toMatchObject({ loaded: 0, duplicates: 1 });
    const { rows } = await w.query(sql`SELECT phone, source_updated_at FROM core.source_records`);
    expect(rows).toEqual([{ phone: '+8613800001111', source_updated_at: new Date('2024-06-01T01:00:00Z') }]);
  });

  it('loads the same file under two sources independently', async () => {
    const w = await open('pos_two_sources');
    const dir = writeTree({ 'SH01/20250301.csv': day1 });
    await run(w, [dir]);
    const other = await ingest(w, getConnector('pos'), [dir], {
      source: 'pos_franchise',
      timezone: 'Asia/Shanghai',
    });
    expect(other.files[0]).toMatchObject({ status: 'loaded', loaded: 3, quarantined: 4 });
    const { rows } = await w.query(
      sql`SELECT source, count(*) AS n FROM core.orders GROUP BY source ORDER BY source`,
    );
    expect(rows).toEqual([
      { source: 'pos', n: 2 },
      { source: 'pos_franchise', n: 2 },
    ]);
  });

  it('keeps a stored identifier when a newer copy of the record lacks it', async () => {
    const w = await open('pos_sticky');
    await run(w, [writeTree({ 'members.csv': MEMBERS })]);
    const newer = MEMBERS.replace('13912345678', '').replace('2024-01-01 09:00:00', '2024-06-01 09:00:00');
    expect((await run(w, [writeTree({ 'members.csv': newer })])).files[0]).toMatchObject({ loaded: 1 });
    const { rows } = await w.query(sql`SELECT phone, source_updated_at FROM core.source_records`);
    expect(rows).toEqual([{ phone: '+8613912345678', source_updated_at: new Date('2024-06-01T01:00:00Z') }]);
  });

  it('keeps the customer a receipt names (card or phone) as a source record', async () => {
    const w = await open('pos_receipt_customer');
    await run(w, [writeTree({ 'SH01/20250301.csv': day1 })]);
    const { rows } = await w.query(
      sql`SELECT source_key, member_card, phone FROM core.source_records ORDER BY source_key`,
    );
    expect(rows).toEqual([
      { source_key: 'pos_receipt:SH01:000001', member_card: '6688001', phone: null },
      { source_key: 'pos_receipt:SH01:000002', member_card: null, phone: '+8613912345678' },
    ]);
  });

  it('fails a truncated gzip file alone, loading nothing of it, while the other files load', async () => {
    const w = await open('pos_gzip');
    const gz = gzipSync(Buffer.from(day1));
    const dir = writeTree({
      'SH01/20250301.csv.gz': gz.subarray(0, gz.length - 20),
      'SH01/20250302.csv': day1.replaceAll('2025-03-01', '2025-03-02').replaceAll(',00000', ',10000'),
    });
    const report = await run(w, [dir]);
    const [bad, good] = [
      report.files.find((f) => f.path.endsWith('.gz'))!,
      report.files.find((f) => f.path.endsWith('0302.csv'))!,
    ];
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatch(
      /cannot read .*20250301\.csv\.gz: gzip stream is damaged or truncated .*; nothing of it was loaded/,
    );
    expect(good).toMatchObject({ status: 'loaded', loaded: 3 });
    const { rows } = await w.query(sql`SELECT count(*) AS n FROM ops.ingested_files WHERE path LIKE '%.gz'`);
    expect(rows[0]?.n).toBe(0);
    const { rows: raw } = await w.query(sql`SELECT count(*) AS n FROM raw.pos_receipt_lines`);
    expect(raw[0]?.n).toBe(7);
  });
});
