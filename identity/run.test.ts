import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse } from '../test/engines.ts';
import { sql, type Warehouse } from '../warehouse/index.ts';
import { DEFAULT_IDENTITY_CONFIG } from './config.ts';
import { runIdentity } from './run.ts';
import { groups, insertRecords as insert, placements, type Rec } from './test-records.ts';

// Zhang Wei in four systems (characters, traditional, pinyin), his mother sharing his phone, a
// stranger on the test number 13800138000, and nameless records that only carry a phone or card.
const PEOPLE: Rec[] = [
  {
    source: 'his',
    key: 'p1',
    name: '张伟',
    phone: '+8613912345678',
    nid: '110101199003071234',
    birth: '1990-03-07',
  },
  { source: 'pos', key: 'm1', name: '張偉', phone: '+8613912345678', card: '668800001', birth: '1990-03-07' },
  { source: 'crm', key: 'c1', name: 'Zhang Wei', phone: '+8613912345678', email: 'zw@example.com' },
  { source: 'pos', key: 'r1', card: '668800001' },
  { source: 'consents', key: 'e1', email: 'zw@example.com' },
  {
    source: 'his',
    key: 'p2',
    name: '张秀英',
    phone: '+8613912345678',
    nid: '110101196205121228',
    birth: '1962-05-12',
  },
  { source: 'pos', key: 'm2', name: '李娜', phone: '+8613800138000', card: '668800002' },
  { source: 'pos', key: 'm3', name: '王芳', phone: '+8613800138000', card: '668800003' },
  { source: 'wms', key: 's1', phone: '+8615000000001' },
  { source: 'tickets', key: 't1', phone: '+8615000000001' },
  { source: 'ecommerce', key: 'buyer:9', union: 'oUNION9' },
  { source: 'ecommerce', key: 'recv:1', name: '赵敏', phone: '+8618600000009', buyer: 'buyer:9' },
  { source: 'ecommerce', key: 'recv:2', name: '赵敏', phone: '+8618600000009', buyer: 'buyer:9' },
];

describe.each(ENGINES)('identity run on %s', (engine) => {
  let wh: Warehouse | undefined;
  afterEach(async () => {
    await wh?.close();
    wh = undefined;
  });

  it('links one person across sources, keeps a household and placeholder-phone strangers apart', async () => {
    wh = await freshWarehouse(engine, 'identity_link');
    await insert(wh, PEOPLE);
    const report = await runIdentity(wh, DEFAULT_IDENTITY_CONFIG, { actor: 'test' });
    expect(groups(await placements(wh))).toEqual([
      ['buyer:9', 'recv:1', 'recv:2'],
      ['c1', 'e1', 'm1', 'p1', 'r1'],
      ['m2'],
      ['m3'],
      ['p2'],
      ['s1', 't1'],
    ]);
    expect(report.customers).toBe(6);
    const golden = await wh.query<{ full_name: string; national_id: string; source_count: number }>(
      sql`SELECT c.full_name, c.national_id, c.source_count FROM core.customers c
          JOIN identity.records r ON r.customer_id = c.customer_id WHERE r.source_key = 'm1'`,
    );
    // The hospital is the most trusted source, so its spelling of the name wins.
    expect(golden.rows).toEqual([{ full_name: '张伟', national_id: '110101199003071234', source_count: 5 }]);
  });

  it('stops with a clear error, writing nothing, when a record holds a separator the packed read uses', async () => {
    wh = await freshWarehouse(engine, 'identity_separator');
    await insert(wh, [...PEOPLE, { source: 'sql_job', key: 'x1', name: 'Li\u001fNa', city: 'a\u001db' }]);
    await expect(runIdentity(wh, DEFAULT_IDENTITY_CONFIG, { actor: 'test' })).rejects.toThrow(
      /core\.source_records row .* holds a control character U\+001D, U\+001E or U\+001F/,
    );
    const written = await wh.query<{ n: number }>(
      sql`SELECT CAST(count(*) AS INTEGER) AS n FROM identity.records`,
    );
    expect(written.rows).toEqual([{ n: 0 }]);
  });

  it('keeps IDs on a rerun, and a merge keeps the older ID and records the other as an alias', async () => {
    wh = await freshWarehouse(engine, 'identity_stable');
    const late = new Set(['s1', 't1']);
    await insert(
      wh,
      PEOPLE.filter((p) => !late.has(p.key)),
    );
    await runIdentity(wh, DEFAULT_IDENTITY_CONFIG, { actor: 'test', now: new Date('2025-06-01T00:00:00Z') });
    await insert(
      wh,
      PEOPLE.filter((p) => late.has(p.key)),
    );
    const second = await runIdentity(wh, DEFAULT_IDENTITY_CONFIG, {
      actor: 'test',
      now: new Date('2025-06-01T12:00:00Z'),
    });
    expect(second.newRecords).toBe(2);
    expect(second.changes.create).toBe(1);
    const first = await placements(wh);
    const again = await runIdentity(wh, DEFAULT_IDENTITY_CONFIG, {
      actor: 'test',
      now: new Date('2025-06-02T00:00:00Z'),
    });
    expect(await placements(wh)).toEqual(first);
    expect(again.changes).toEqual({ create: 0, merge: 0, split: 0, move: 0, unmerge: 0, retire: 0 });
    expect(again.skipped).toBe(true);
    // A record changed at the source is re-resolved; touching only its timestamps is no change.
    await wh.exec(
      `UPDATE core.source_records SET source_updated_at = '2025-07-01 00:00:00+00' WHERE source_key = 'c1'`,
    );
    expect((await runIdentity(wh, DEFAULT_IDENTITY_CONFIG, { actor: 'test' })).skipped).toBe(true);
    await wh.exec(`UPDATE core.source_records SET city = '北京市' WHERE source_key = 'c1'`);
    const changed = await runIdentity(wh, DEFAULT_IDENTITY_CONFIG, { actor: 'test' });
    expect([changed.skipped, changed.changedRecords]).toEqual([false, 1]);
    // An order for a known record arrives: nothing to resolve, but the order gets its customer.
    await wh.exec(`INSERT INTO core.orders (source, order_id, source_key, channel, ordered_at, status, currency, net_amount, ingested_at)
      VALUES ('pos', 'O-1', 'm1', 'store', '2025-06-01 10:00:00+00', 'completed', 'CNY', 88.00, '2025-06-02 00:00:00+00')`);
    const withOrder = await runIdentity(wh, DEFAULT_IDENTITY_CONFIG, { actor: 'test' });
    expect(withOrder.skipped).toBe(true);
    const order = await wh.query<{ customer_id: string; order_count: number }>(
      sql`SELECT o.customer_id, c.order_count FROM core.orders o JOIN core.customer_360 c USING (customer_id) WHERE o.order_id = 'O-1'`,
    );
    expect(order.rows).toEqual([{ customer_id: first.get('m1'), order_count: 1 }]);

    // A hospital record with the mother's resident ID and the nameless shipment's phone: the
    // shipment customer now joins the mother, whose ID is older.
    await insert(wh, [
      { source: 'his', key: 'p3', name: '张秀英', phone: '+8615000000001', nid: '110101196205121228' },
    ]);
    const merged = await runIdentity(wh, DEFAULT_IDENTITY_CONFIG, {
      actor: 'test',
      now: new Date('2025-06-03T00:00:00Z'),
    });
    const after = await placements(wh);
    expect(after.get('p3')).toBe(first.get('p2'));
    expect(after.get('s1')).toBe(first.get('p2'));
    expect(merged.changes.merge).toBe(1);
    const alias = await wh.query<{ status: string; merged_into: string }>(
      sql`SELECT status, merged_into FROM identity.customer_ids WHERE customer_id = ${first.get('s1')!}`,
    );
    expect(alias.rows).toEqual([{ status: 'merged', merged_into: first.get('p2') }]);
    const history = await wh.query<{ action: string; customer_id: string; other_customer_id: string }>(
      sql`SELECT action, customer_id, other_customer_id FROM identity.merge_history WHERE action = 'merge'`,
    );
    expect(history.rows).toEqual([
      { action: 'merge', customer_id: first.get('p2'), other_customer_id: first.get('s1') },
    ]);
    // Every other record kept its ID.
    for (const [k, id] of first) if (!['s1', 't1'].includes(k)) expect(after.get(k)).toBe(id);
  });

  it('a phone held by too many families stops identifying; with a window, only when they hold it at the same time', async () => {
    wh = await freshWarehouse(engine, 'identity_limit_window');
    // A shop's walk-in number typed for four families in one week, and a mobile number the carrier
    // gave to four people years apart. 赵六 has two records on each.
    const SHOP = '+8613955550000';
    const RECYCLED = '+8613766660000';
    await insert(wh, [
      ...['张三', '李四', '王五'].map((name, k) => ({
        source: 'pos',
        key: `shop-${k}`,
        name,
        phone: SHOP,
        at: `2024-05-0${k + 1}T10:00:00Z`,
      })),
      { source: 'pos', key: 'shop-z1', name: '赵六', phone: SHOP, at: '2024-05-05T10:00:00Z' },
      { source: 'crm', key: 'shop-z2', name: '趙六', phone: SHOP, at: '2024-05-06T10:00:00Z' },
      ...['孙七', '周八', '吴九'].map((name, k) => ({
        source: 'pos',
        key: `old-${k}`,
        name,
        phone: RECYCLED,
        at: `${2012 + 3 * k}-01-01T10:00:00Z`,
      })),
      { source: 'pos', key: 'new-z1', name: '赵六', phone: RECYCLED, at: '2024-02-01T10:00:00Z' },
      { source: 'crm', key: 'new-z2', name: 'Zhao Liu', phone: RECYCLED, at: '2024-03-01T10:00:00Z' },
    ]);
    // Rules only: the probabilistic phase would join the two 赵六 records on its own evidence.
    const rulesOnly = {
      ...DEFAULT_IDENTITY_CONFIG,
      probabilistic: { ...DEFAULT_IDENTITY_CONFIG.probabilistic, enabled: false },
    };
    const together = (p: Map<string, string>, a: string, b: string) => p.get(a) === p.get(b);

    const allTime = await runIdentity(wh, rulesOnly, { actor: 'test' });
    expect(allTime.stats.contactsOverLimit).toBe(2);
    let p = await placements(wh);
    expect(together(p, 'shop-z1', 'shop-z2')).toBe(false);
    expect(together(p, 'new-z1', 'new-z2')).toBe(false);

    const windowed = await runIdentity(wh, { ...rulesOnly, contactLimitWindowDays: 365 }, { actor: 'test' });
    expect(windowed.stats.contactsOverLimit).toBe(1);
    p = await placements(wh);
    expect(together(p, 'shop-z1', 'shop-z2')).toBe(false);
    expect(together(p, 'new-z1', 'new-z2')).toBe(true);
    expect(together(p, 'new-z1', 'old-0')).toBe(false);
  });
});
