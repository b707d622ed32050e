import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse } from '../test/engines.ts';
import { sql, type Warehouse } from '../warehouse/index.ts';
import { IdentityConfigSchema } from './config.ts';
import { decideReview, IdentityDecisionError, parseRecordRef, planSplit, planUnmerge } from './decisions.ts';
import { runIdentity } from './run.ts';
import { groups, insertRecords, placements } from './test-records.ts';

// Nothing merges on its score alone and every scored pair is queued, so the tests choose.
const REVIEW_ALL = IdentityConfigSchema.parse({
  probabilistic: { autoMergeThreshold: 1, reviewThreshold: 0, minNameLevelToMerge: 'exact' },
});

describe.each(ENGINES)('review decisions and unmerge on %s', (engine) => {
  let wh: Warehouse | undefined;
  afterEach(async () => {
    await wh?.close();
    wh = undefined;
  });

  it('an approved pair merges and stays merged; a rejected pair never merges, even by a rule', async () => {
    wh = await freshWarehouse(engine, 'identity_review');
    await insertRecords(wh, [
      // Same phone and name: the phone_name rule would link them.
      { source: 'pos', key: 'a1', name: '张伟', phone: '+8613912345678', birth: '1990-03-07' },
      { source: 'crm', key: 'a2', name: '张伟', phone: '+8613912345678' },
      // Same phone, names that differ: only a person can say.
      { source: 'pos', key: 'b1', name: '李娜', phone: '+8613700000001', city: '上海市' },
      { source: 'crm', key: 'b2', name: 'Lina Li', phone: '+8613700000001', city: '上海市' },
      { source: 'his', key: 'b3', name: '李秀兰', phone: '+8613700000001', birth: '1955-01-02' },
    ]);
    await runIdentity(wh, REVIEW_ALL, { actor: 'test' });
    const queued = await wh.query<{ a: string; b: string }>(
      sql`SELECT source_key_a AS a, source_key_b AS b FROM identity.review_queue WHERE status = 'pending' ORDER BY 1, 2`,
    );
    expect(queued.rows).toContainEqual({ a: 'b2', b: 'b1' });
    expect(groups(await placements(wh))).toEqual([['a1', 'a2'], ['b1'], ['b2'], ['b3']]);

    await decideReview(
      wh,
      parseRecordRef('crm/b2'),
      parseRecordRef('pos/b1'),
      'approved',
      'anna',
      'same person, English name',
    );
    await wh.load(
      'identity.review_queue',
      [
        'source_a',
        'source_key_a',
        'source_b',
        'source_key_b',
        'match_probability',
        'match_weight',
        'evidence',
        'status',
        'queued_at',
      ].map((name) => ({
        name,
        type: name.startsWith('match')
          ? ('double' as const)
          : name === 'evidence'
            ? ('json' as const)
            : name === 'queued_at'
              ? ('timestamptz' as const)
              : ('text' as const),
      })),
      [[['pos', 'a1', 'crm', 'a2', 0.5, 0, [], 'pending', new Date()]]],
    );
    await decideReview(
      wh,
      parseRecordRef('pos/a1'),
      parseRecordRef('crm/a2'),
      'rejected',
      'anna',
      'two different 张伟',
    );
    for (let run = 0; run < 2; run++) {
      await runIdentity(wh, REVIEW_ALL, { actor: 'test' });
      expect(groups(await placements(wh))).toEqual([['a1'], ['a2'], ['b1', 'b2'], ['b3']]);
    }
    const decided = await wh.query<{ status: string; decided_by: string }>(
      sql`SELECT status, decided_by FROM identity.review_queue WHERE status <> 'pending' ORDER BY status`,
    );
    expect(decided.rows).toEqual([
      { status: 'approved', decided_by: 'anna' },
      { status: 'rejected', decided_by: 'anna' },
    ]);
    await expect(
      decideReview(wh, parseRecordRef('pos/a1'), parseRecordRef('his/b3'), 'approved', 'anna', null),
    ).rejects.toThrow(IdentityDecisionError);
  });

  it('unmerge restores the merged customer with its old ID, and the merge does not come back', async () => {
    wh = await freshWarehouse(engine, 'identity_unmerge');
    const cfg = IdentityConfigSchema.parse({});
    await insertRecords(wh, [
      { source: 'his', key: 'p1', name: '王芳', nid: '110101198001011221', phone: '+8613911110000' },
      { source: 'pos', key: 'm1', name: '王芳', phone: '+8613911110000', card: '6688001' },
      { source: 'pos', key: 'r1', card: '6688001' },
    ]);
    await runIdentity(wh, cfg, { actor: 'test', now: new Date('2025-01-01T00:00:00Z') });
    await insertRecords(wh, [
      { source: 'crm', key: 'c1', name: '王芳', email: 'wf@example.com' },
      { source: 'tickets', key: 't1', email: 'wf@example.com' },
    ]);
    await runIdentity(wh, cfg, { actor: 'test', now: new Date('2025-01-02T00:00:00Z') });
    const before = await placements(wh);
    expect(before.get('c1')).not.toBe(before.get('p1'));
    // A web record with her phone and email bridges the two customers.
    await insertRecords(wh, [
      { source: 'ecommerce', key: 'e1', name: '王芳', phone: '+8613911110000', email: 'wf@example.com' },
    ]);
    await runIdentity(wh, cfg, { actor: 'job:3', now: new Date('2025-01-03T00:00:00Z') });
    const merged = await placements(wh);
    expect(new Set(merged.values()).size).toBe(1);
    expect(merged.get('c1')).toBe(before.get('p1'));

    const plan = await planUnmerge(wh, before.get('p1')!, null, 'anna');
    expect(plan.restored).toBe(before.get('c1'));
    for (let run = 0; run < 2; run++) {
      await runIdentity(wh, cfg, {
        actor: 'anna',
        restore: run === 0 ? new Map([[plan.restored, plan.records]]) : undefined,
      });
      const after = await placements(wh);
      expect(after.get('c1')).toBe(before.get('c1'));
      expect(after.get('t1')).toBe(before.get('c1'));
      expect(after.get('p1')).toBe(before.get('p1'));
      expect(after.get('r1')).toBe(before.get('p1'));
    }
    const history = await wh.query<{ action: string; actor: string }>(
      sql`SELECT action, actor FROM identity.merge_history WHERE action IN ('merge', 'unmerge') ORDER BY event_id`,
    );
    expect(history.rows).toEqual([
      { action: 'merge', actor: 'job:3' },
      { action: 'unmerge', actor: 'anna' },
    ]);
    const ids = await wh.query<{ status: string }>(
      sql`SELECT status FROM identity.customer_ids WHERE customer_id = ${before.get('c1')!}`,
    );
    expect(ids.rows).toEqual([{ status: 'active' }]);
  });

  it('split takes records out under a new ID, keeps the rest, and they stay apart', async () => {
    wh = await freshWarehouse(engine, 'identity_split');
    const cfg = IdentityConfigSchema.parse({});
    await insertRecords(wh, [
      { source: 'pos', key: 'm1', name: '刘洋', phone: '+8613900000001', card: '6688101' },
      { source: 'pos', key: 'r1', card: '6688101' },
      { source: 'crm', key: 'c1', name: '刘洋', phone: '+8613900000001' },
      { source: 'tickets', key: 't1', phone: '+8613900000001' },
    ]);
    await runIdentity(wh, cfg, { actor: 'test' });
    const before = await placements(wh);
    expect(new Set(before.values()).size).toBe(1);
    const id = before.get('m1')!;
    await expect(planSplit(wh, id, [parseRecordRef('crm/nope')], 'anna')).rejects.toThrow(/not a record of/);
    await planSplit(wh, id, [parseRecordRef('crm/c1')], 'anna');
    for (let run = 0; run < 2; run++) {
      await runIdentity(wh, cfg, { actor: 'anna' });
      const after = await placements(wh);
      expect(after.get('m1')).toBe(id);
      expect(after.get('r1')).toBe(id);
      expect(after.get('c1')).not.toBe(id);
    }
    const history = await wh.query<{ action: string; other_customer_id: string }>(
      sql`SELECT action, other_customer_id FROM identity.merge_history WHERE action = 'split'`,
    );
    expect(history.rows).toEqual([{ action: 'split', other_customer_id: id }]);
  });
});
