import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse } from '../test/engines.ts';
import { sql, type Warehouse } from '../warehouse/index.ts';
import { IdentityConfigSchema } from './config.ts';
import { runIdentity } from './run.ts';
import { insertRecords as insert, type Rec } from './test-records.ts';

// Loose blocks (the name alone) stop at 3 records, so four namesakes make no pairs.
const config = IdentityConfigSchema.parse({ probabilistic: { maxBlockSize: 30 } });

const PEOPLE: Rec[] = [
  // A person approved as one by a reviewer: nothing but the decision joins the two records.
  { source: 'his', key: 'a1', name: '周杰', birth: '1979-01-18', city: '台北市' },
  { source: 'crm', key: 'a2', name: 'Jay Chou', email: 'jay@example.com' },
  // Namesakes at one address, no dates, no city: only the name block could pair them.
  { source: 'pos', key: 'w1', name: '王伟', address: '朝阳区建国路88号' },
  { source: 'pos', key: 'w2', name: '王伟', address: '朝阳区建国路88号' },
  { source: 'pos', key: 'w3', name: '王伟', address: '朝阳区建国路88号' },
  { source: 'pos', key: 'w4', name: '王伟', address: '海淀区中关村大街1号' },
  // Enough other people for the model to train.
  ...Array.from({ length: 40 }, (_, k): Rec => {
    const phone = `+861391234${String(5000 + k)}`;
    const name = `${'李张刘陈杨黄赵吴'[k % 8]}${'明华强军磊洋勇艳娟涛'[k % 10]}${k % 3 === 0 ? '' : '文'}`;
    const birth = `19${70 + (k % 25)}-0${1 + (k % 9)}-1${k % 10}`;
    return k % 2 === 0
      ? { source: 'crm', key: `p${k}`, name, phone, birth, city: '上海市' }
      : { source: 'pos', key: `p${k}`, name, phone, card: `6688${k}` };
  }),
  ...Array.from({ length: 20 }, (_, k): Rec => ({
    source: 'his',
    key: `h${k}`,
    name: `${'李张刘陈杨黄赵吴'[k % 8]}${'明华强军磊洋勇艳娟涛'[k % 10]}${k % 3 === 0 ? '' : '文'}`,
    phone: `+861391234${String(5000 + 2 * k)}`,
    birth: `19${70 + ((2 * k) % 25)}-0${1 + ((2 * k) % 9)}-1${(2 * k) % 10}`,
  })),
];

/** What identity writes, but the times of writing. */
async function outputs(wh: Warehouse) {
  const q = async (query: ReturnType<typeof sql>) => (await wh.query(query)).rows;
  return {
    records: await q(sql`
      SELECT source, source_key, record_id, customer_id, match_rule, match_confidence, fingerprint, snapshot
      FROM identity.records ORDER BY source, source_key`),
    ids: await q(
      sql`SELECT customer_id, status, merged_into FROM identity.customer_ids ORDER BY customer_id`,
    ),
    pairs: await q(sql`
      SELECT record_id_a, record_id_b, gamma, match_probability, decision FROM identity.pairs
      ORDER BY record_id_a, record_id_b`),
    review: await q(sql`
      SELECT source_a, source_key_a, source_b, source_key_b, match_probability FROM identity.review_queue
      ORDER BY source_a, source_key_a, source_b, source_key_b`),
    customers: await q(sql`
      SELECT customer_id, full_name, birth_date, phone, email, city, address, source_count
      FROM core.customers ORDER BY customer_id`),
  };
}

describe.each(ENGINES)('incremental identity runs on %s', (engine) => {
  const open: Warehouse[] = [];
  afterEach(async () => {
    for (const w of open.splice(0)) await w.close();
  });

  it('after changed and removed records, end where full runs end', async () => {
    // The same steps in two warehouses: incremental runs in one, forced full runs in the other.
    const [inc, full] = [
      await freshWarehouse(engine, 'identity_incremental_changes'),
      await freshWarehouse(engine, 'identity_full_changes'),
    ];
    open.push(inc, full);
    const steps: string[] = [
      // w4 is renamed: the name block drops back to three records, whose pairs now count.
      `UPDATE core.source_records SET full_name = '王小伟' WHERE source_key = 'w4'`,
      // The approved record goes: the other one keeps the customer, with only its own fields.
      `DELETE FROM core.source_records WHERE source_key = 'a2'`,
    ];
    for (const wh of [inc, full]) {
      await insert(wh, PEOPLE);
      await runIdentity(wh, config, { actor: 'test' });
      await wh.load(
        'identity.constraints',
        [
          ...['source_a', 'source_key_a', 'source_b', 'source_key_b', 'kind', 'reason', 'created_by'].map(
            (name) => ({ name, type: 'text' }) as const,
          ),
          { name: 'created_at', type: 'timestamptz' },
        ],
        [[['crm', 'a2', 'his', 'a1', 'must_link', 'review', 'reviewer', new Date('2025-06-01T00:00:00Z')]]],
      );
      await runIdentity(wh, config, { actor: 'test' });
    }
    for (const step of steps) {
      await inc.exec(step);
      await full.exec(step);
      const a = await runIdentity(inc, config, { actor: 'test' });
      const b = await runIdentity(full, config, { actor: 'test', force: true });
      expect(a.resolved).toBeLessThan(a.records);
      expect(b.resolved).toBe(b.records);
      expect(await outputs(inc)).toEqual(await outputs(full));
    }
  });
});
