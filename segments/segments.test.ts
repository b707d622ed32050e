import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse, type Engine } from '../test/engines.ts';
import { sql, type Warehouse } from '../warehouse/index.ts';
import {
  and,
  birthday,
  city,
  clv,
  consent,
  daysSinceLastOrder,
  define,
  did,
  explain,
  health,
  inSegment,
  lifetimeSpend,
  not,
  or,
  orderCount,
  preview,
  purchased,
  rfm,
  SegmentCycleError,
  SegmentRunOrderError,
  sqlWhere,
  tag,
  writeSegments,
  type Condition,
  type Segments,
} from './index.ts';
import { AS_OF, NOW, seed } from './test-fixture.ts';

const open: Warehouse[] = [];
afterAll(async () => {
  for (const w of open) await w.close();
});

async function seeded(engine: Engine, label: string): Promise<Warehouse> {
  const wh = await freshWarehouse(engine, label, 'Asia/Shanghai');
  open.push(wh);
  await seed(wh);
  return wh;
}

const scope = { asOf: AS_OF, now: NOW };

async function members(wh: Warehouse, where: Condition, s = scope, more: Segments = {}): Promise<string[]> {
  return (await preview(wh, { ...more, t: { where } }, 't', s, 100)).sample;
}

// Every condition kind with the customers it should select, checked on both engines.
const CASES: readonly (readonly [string, Condition, readonly string[]])[] = [
  ['rfm segment', rfm.segment.in(['Champions', 'Loyal Customers']), ['alice']],
  ['rfm score', rfm.r.atLeast(4), ['alice', 'dave']],
  ['rfm scores together', { kind: 'rfm', r: [5, 5], m: [4, 5] }, ['alice']],
  ['tag value', tag('lifecycle_stage').is('churn_warning'), ['bob']],
  ['tag any value', tag('lifecycle_stage').exists(), ['alice', 'bob']],
  ['clv from the latest run', clv.value.atLeast(1000), ['alice']],
  ['prob_alive', clv.probAlive.atMost(0.5), ['bob']],
  ['lifetime spend', lifetimeSpend.atLeast(300), ['alice', 'bob']],
  ['lifetime spend with zero', lifetimeSpend.atMost(100), ['carol', 'dave', 'erin']],
  ['order count', orderCount.atLeast(2), ['alice']],
  ['days since last order', daysSinceLastOrder.atLeast(60), ['bob']],
  ['no purchase for 60 days', not(purchased().within({ days: 60 })), ['bob', 'carol', 'erin']],
  ['bought in a store', purchased({ stores: ['S1'] }), ['alice']],
  ['bought in a channel', purchased({ channels: ['ecommerce', 'miniprogram'] }), ['bob', 'dave']],
  ['bought twice in 30 days', purchased().atLeast(2).within({ days: 30 }), ['alice']],
  ['bought three times in 30 days', purchased().atLeast(3).within({ days: 30 }), []],
  ['minimum amount', purchased({ minAmount: 200 }), ['bob']],
  ['city', city.in(['上海', 'Hangzhou']), ['alice', 'erin']],
  ['not city (null city included)', not(city.is('上海')), ['bob', 'carol', 'dave', 'erin']],
  ['consent: latest event, as of, withdrawal wins ties', consent('marketing', 'sms'), ['alice']],
  ['event count in window', did('ticket').atLeast(2).within({ days: 30 }), ['carol']],
  ['event ever', did(['ticket']), ['alice', 'carol']],
  ['viewed and did not order within 24 h', did('view').notFollowedBy(purchased(), { hours: 24 }), ['carol']],
  ['birthday within 7 days', birthday.within({ days: 7 }), ['alice']],
  ['health band: any of the accounts, latest run', health.band.is('red'), ['alice', 'bob']],
  ['health bands', health.band.in(['green', 'yellow']), ['bob']],
  [
    'not a red account (no account or no score included)',
    not(health.band.is('red')),
    ['carol', 'dave', 'erin'],
  ],
  ['health score', health.score.atLeast(50), ['bob']],
  ['health score range', health.score.between(30, 45), ['alice', 'bob']],
  ['health roll-up band', health.rollup.band.is('yellow'), ['alice', 'bob']],
  ['health band and score on one account', { kind: 'health', bands: ['green'], max: 50 }, []],
  ['sql escape hatch', sqlWhere("c.city = '北京'"), ['bob']],
  // Values are bound parameters: a quote is data, not SQL.
  ['quoted value', or(city.is("x' OR '1'='1"), tag("x' OR '1'='1").exists()), []],
  [
    'and / or / not',
    or(and(rfm.segment.is('Champions'), not(tag('lifecycle_stage').is('churned'))), city.is('北京')),
    ['alice', 'bob'],
  ],
];

describe('conditions', () => {
  it('select the same customers on both engines', async () => {
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'seg_conditions');
      for (const [label, condition, expected] of CASES) {
        expect({ label, ids: await members(wh, condition) }).toEqual({ label, ids: [...expected] });
      }
    }
  });

  it('birthdays wrap the year end and Feb 29 falls on Feb 28 in other years', async () => {
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'seg_birthday');
      const dec28 = { asOf: '2025-12-28', now: NOW };
      // Dec 28 -> Jan 3: dave (Dec 31) and erin (Jan 2).
      expect(await members(wh, birthday.within({ days: 6 }), dec28)).toEqual(['dave', 'erin']);
      expect(await members(wh, birthday.within({ days: 4 }), dec28)).toEqual(['dave']);
      // bob was born on Feb 29. 2025 has no Feb 29: Feb 28 is his birthday.
      expect(await members(wh, birthday.within({ days: 3 }), { asOf: '2025-02-25', now: NOW })).toEqual([
        'bob',
      ]);
      expect(await members(wh, birthday.within({ days: 0 }), { asOf: '2025-03-01', now: NOW })).toEqual([]);
      // 2028 has Feb 29: Feb 28 is not his birthday then.
      expect(await members(wh, birthday.within({ days: 3 }), { asOf: '2028-02-25', now: NOW })).toEqual([]);
      expect(await members(wh, birthday.within({ days: 4 }), { asOf: '2028-02-25', now: NOW })).toEqual([
        'bob',
      ]);
    }
  });

  it('segment membership is expanded in place and cycles are named', async () => {
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'seg_membership');
      const defs: Segments = {
        buyers: define(purchased()),
        loyal_buyers: define(and(inSegment('buyers'), orderCount.atLeast(2))),
      };
      expect(await members(wh, not(inSegment('loyal_buyers')), scope, defs)).toEqual([
        'bob',
        'carol',
        'dave',
        'erin',
      ]);
      const cyclic: Segments = {
        a: define(inSegment('b')),
        b: define(or(city.is('北京'), inSegment('a'))),
      };
      await expect(wh.transaction((tx) => writeSegments(tx, cyclic, scope))).rejects.toThrow(
        new SegmentCycleError(['a', 'b', 'a']),
      );
    }
  });
});

const rowsOf = async (wh: Warehouse, table: string) =>
  (await wh.query(sql`SELECT * FROM ${sql.__dangerous__rawValue(table)} ORDER BY 1, 2, 3`)).rows;

describe('writeSegments', () => {
  it('records entries and exits, and a rerun for the same as_of changes nothing', async () => {
    const results = [];
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'seg_changes');
      const defs: Segments = {
        recent_buyers: define(purchased().within({ days: 30 }), { description: 'bought in 30 days' }),
      };
      const first = await wh.transaction((tx) => writeSegments(tx, defs, scope));
      expect(first).toEqual([
        { segment: 'recent_buyers', members: 2, entered: 2, exited: 0, removed: false },
      ]);
      const again = await wh.transaction((tx) => writeSegments(tx, defs, scope));
      expect(again).toEqual(first);
      const later = { asOf: '2025-08-10', now: new Date('2025-08-11T00:00:00+08:00') };
      const second = await wh.transaction((tx) => writeSegments(tx, defs, later));
      // alice's last order (07-01) is out of the window; erin bought on 07-20; dave stays.
      expect(second).toEqual([
        { segment: 'recent_buyers', members: 2, entered: 1, exited: 1, removed: false },
      ]);
      const membersAfter = await rowsOf(wh, 'marts.segment_members');
      await wh.transaction((tx) => writeSegments(tx, defs, later));
      expect(await rowsOf(wh, 'marts.segment_members')).toEqual(membersAfter);
      expect(membersAfter).toEqual([
        { segment: 'recent_buyers', customer_id: 'dave', as_of: '2025-08-10', entered_on: AS_OF },
        { segment: 'recent_buyers', customer_id: 'erin', as_of: '2025-08-10', entered_on: '2025-08-10' },
      ]);
      const changes = (await rowsOf(wh, 'marts.segment_changes')).map(({ changed_at: _, ...r }) => r);
      const rule = { segment: 'recent_buyers', reason: 'rule' };
      expect(changes).toEqual([
        { ...rule, customer_id: 'alice', as_of: AS_OF, change: 'entered' },
        { ...rule, customer_id: 'alice', as_of: '2025-08-10', change: 'exited' },
        { ...rule, customer_id: 'dave', as_of: AS_OF, change: 'entered' },
        { ...rule, customer_id: 'erin', as_of: '2025-08-10', change: 'entered' },
      ]);
      const [registry] = await rowsOf(wh, 'marts.segments');
      expect(registry).toMatchObject({
        segment: 'recent_buyers',
        description: 'bought in 30 days',
        definition: { kind: 'purchased', withinDays: 30 },
        as_of: '2025-08-10',
        members: 2,
      });
      await expect(wh.transaction((tx) => writeSegments(tx, defs, scope))).rejects.toThrow(
        SegmentRunOrderError,
      );
      results.push(changes);
    }
    expect(results[1]).toEqual(results[0]);
  });
});

describe('a segment removed from the definitions', () => {
  it('has its members exit, its rows go and is marked removed; reruns change nothing; it can come back', async () => {
    const results = [];
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'seg_removed');
      const without: Segments = { recent_buyers: define(purchased().within({ days: 30 })) };
      const shanghai = define(city.in(['上海', '深圳']));
      await wh.transaction((tx) => writeSegments(tx, { ...without, shanghai }, scope));
      const later = { asOf: '2025-07-16', now: new Date('2025-07-17T02:00:00+08:00') };
      const removal = await wh.transaction((tx) => writeSegments(tx, without, later));
      expect(removal).toEqual([
        { segment: 'recent_buyers', members: 2, entered: 0, exited: 0, removed: false },
        { segment: 'shanghai', members: 0, entered: 0, exited: 2, removed: true },
      ]);
      const state = async () => ({
        members: await rowsOf(wh, 'marts.segment_members'),
        changes: (await rowsOf(wh, 'marts.segment_changes')).map(({ changed_at: _, ...r }) => r),
        registry: (await rowsOf(wh, 'marts.segments')).map(
          ({ updated_at: _u, removed_at, ...r }): Record<string, unknown> => ({
            ...r,
            removed: removed_at !== null,
          }),
        ),
      });
      const after = await state();
      expect(after.members.map((m) => m.segment)).toEqual(['recent_buyers', 'recent_buyers']);
      expect(after.changes.filter((c) => c.segment === 'shanghai')).toEqual([
        { segment: 'shanghai', customer_id: 'alice', as_of: AS_OF, change: 'entered', reason: 'rule' },
        {
          segment: 'shanghai',
          customer_id: 'alice',
          as_of: '2025-07-16',
          change: 'exited',
          reason: 'segment_removed',
        },
        { segment: 'shanghai', customer_id: 'dave', as_of: AS_OF, change: 'entered', reason: 'rule' },
        {
          segment: 'shanghai',
          customer_id: 'dave',
          as_of: '2025-07-16',
          change: 'exited',
          reason: 'segment_removed',
        },
      ]);
      expect(after.registry.find((r) => r.segment === 'shanghai')).toMatchObject({
        as_of: '2025-07-16',
        members: 0,
        definition: { kind: 'attribute' },
        removed: true,
      });
      // A rerun for the same day, and a run for a later day, change nothing of it.
      expect(await wh.transaction((tx) => writeSegments(tx, without, later))).toEqual(removal);
      expect(await state()).toEqual(after);
      const next = { asOf: '2025-07-17', now: new Date('2025-07-18T02:00:00+08:00') };
      expect(await wh.transaction((tx) => writeSegments(tx, without, next))).toEqual([
        { segment: 'recent_buyers', members: 2, entered: 0, exited: 0, removed: false },
      ]);
      // Defined again: its members enter afresh and it is no longer marked removed.
      const back = { asOf: '2025-07-18', now: new Date('2025-07-19T02:00:00+08:00') };
      expect(await wh.transaction((tx) => writeSegments(tx, { ...without, shanghai }, back))).toContainEqual({
        segment: 'shanghai',
        members: 2,
        entered: 2,
        exited: 0,
        removed: false,
      });
      expect((await state()).registry.find((r) => r.segment === 'shanghai')).toMatchObject({
        removed: false,
        members: 2,
      });
      results.push(await state());
    }
    expect(results[1]).toEqual(results[0]);
  });
});

describe('explain', () => {
  it('says which condition let a customer in or kept them out', async () => {
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'seg_explain');
      const defs: Segments = {
        winback: define(and(rfm.segment.in(['At Risk', 'Champions']), not(purchased().within({ days: 60 })))),
      };
      const bob = await explain(wh, defs, 'winback', 'bob', scope);
      expect(bob).toMatchObject({
        result: true,
        decidedBy: [0, 1],
        children: [
          { condition: { kind: 'rfm' }, result: true },
          { condition: { kind: 'not' }, result: true, children: [{ result: false }] },
        ],
      });
      const alice = await explain(wh, defs, 'winback', 'alice', scope);
      expect(alice.result).toBe(false);
      expect(alice.decidedBy).toEqual([1]);
      expect(alice.children![1]!.children![0]).toEqual({
        condition: { kind: 'purchased', withinDays: 60 },
        result: true,
      });
      const nobody = await explain(wh, defs, 'winback', 'no-such-customer', scope);
      expect(nobody.result).toBe(false);
      const accounts: Segments = { at_risk_accounts: define(or(health.band.is('red'), city.is('深圳'))) };
      expect(await explain(wh, accounts, 'at_risk_accounts', 'alice', scope)).toEqual({
        condition: accounts.at_risk_accounts!.where,
        result: true,
        decidedBy: [0],
        children: [
          { condition: { kind: 'health', bands: ['red'] }, result: true },
          { condition: { kind: 'attribute', attribute: 'city', values: ['深圳'] }, result: false },
        ],
      });
    }
  });
});
