import {
  and,
  birthday,
  city,
  clv,
  consent,
  daysSinceLastOrder,
  define,
  gender,
  inSegment,
  lifetimeSpend,
  not,
  or,
  orderCount,
  province,
  purchased,
  rfm,
  sqlWhere,
  SegmentsSchema,
  tag,
  writeSegments,
  type Condition,
  type Segments,
} from '../../segments/index.ts';
import { benchResult, interleave, scaled, timed, type BenchCase } from '../case.ts';
import { AS_OF, generateCustomerBase, NOW } from '../data/customer-base.ts';

const DEFAULT_CUSTOMERS = 1_000_000;
const ORDERS_PER_CUSTOMER = 3;

/** 50 segments over every condition kind but events (the bench has no core.events rows). */
export function fiftySegments(): Segments {
  const sms = consent('marketing', 'sms');
  const wechat = consent('marketing', 'wechat');
  const email = consent('marketing', 'email');
  const defs: Record<string, Condition> = {
    champions: rfm.segment.is('Champions'),
    loyal: rfm.segment.in(['Loyal Customers', 'Champions']),
    at_risk: rfm.segment.in(['At Risk', 'About To Sleep']),
    lost: rfm.segment.in(['Hibernating', 'Lost']),
    high_r: rfm.r.atLeast(4),
    high_fm: and(rfm.f.atLeast(4), rfm.m.atLeast(4)),
    mature: tag('lifecycle_stage').is('mature'),
    lapsing: tag('lifecycle_stage').in(['lapsing', 'lost']),
    price_high: tag('price_band').is('high'),
    store_pref: tag('channel_preference').is('store'),
    has_category: tag('category_preference').exists(),
    clv_top: clv.value.atLeast(1500),
    clv_low: clv.value.atMost(200),
    likely_alive: clv.probAlive.atLeast(0.7),
    exp_purchases: clv.expectedPurchases.between(1, 3),
    big_spenders: lifetimeSpend.atLeast(2000),
    small_spenders: lifetimeSpend.atMost(500),
    frequent: orderCount.atLeast(5),
    recent_buyers: daysSinceLastOrder.atMost(30),
    dormant_90: daysSinceLastOrder.atLeast(90),
    shanghai: city.is('Shanghai'),
    tier1: city.in(['Beijing', 'Shanghai', 'Guangzhou', 'Shenzhen']),
    women: gender.is('female'),
    guangdong: province.is('Guangdong'),
    sms_ok: sms,
    wechat_ok: wechat,
    email_ok: email,
    bought_30d: purchased().within({ days: 30 }),
    bought_store_90d: purchased({ channels: ['store'] }).within({ days: 90 }),
    bought_twice_180d: purchased().atLeast(2).within({ days: 180 }),
    big_ticket: purchased({ minAmount: 800 }).within({ days: 365 }),
    birthday_7: birthday.within({ days: 7 }),
    birthday_30: birthday.within({ days: 30 }),
    never_bought: not(purchased()),
    vip_sms: and(inSegment('champions'), sms),
    winback: and(inSegment('at_risk'), not(purchased().within({ days: 60 })), wechat),
    tier1_women_sms: and(inSegment('tier1'), inSegment('women'), inSegment('sms_ok')),
    birthday_vip: and(inSegment('birthday_7'), or(inSegment('clv_top'), rfm.segment.is('Champions'))),
    reachable: or(sms, wechat, email),
    unreachable: not(inSegment('reachable')),
    store_loyal: and(tag('channel_preference').is('store'), orderCount.atLeast(3)),
    new_high_potential: and(tag('lifecycle_stage').is('new'), clv.value.atLeast(800)),
    discount_hunters: and(tag('price_band').is('low'), purchased().atLeast(2).within({ days: 90 })),
    lapsed_high_value: and(inSegment('dormant_90'), inSegment('big_spenders')),
    shanghai_recent: and(inSegment('shanghai'), inSegment('recent_buyers')),
    men_no_email: and(gender.is('male'), not(email)),
    category_fans: tag('category_preference').in(['cat1', 'cat2', 'cat3']),
    mid_value: and(clv.value.between(300, 1500), not(inSegment('lost'))),
    sms_campaign: and(
      or(inSegment('loyal'), inSegment('high_fm')),
      inSegment('sms_ok'),
      not(inSegment('lapsed_high_value')),
    ),
    born_before_1980: sqlWhere("c.birth_date < DATE '1980-01-01'"),
  };
  return SegmentsSchema.parse(Object.fromEntries(Object.entries(defs).map(([k, c]) => [k, define(c)])));
}

/** writeSegments of 50 segments over ~1M customers, against one plain GROUP BY over their orders. */
export const segments50: BenchCase = {
  name: 'segments-50',
  description:
    `writeSegments of 50 segments (every condition kind but events) over ${DEFAULT_CUSTOMERS / 1e6}M x scale customers ` +
    `with ${ORDERS_PER_CUSTOMER} orders each, consents and marts rows, in one transaction, vs one plain ` +
    'CREATE TABLE AS SELECT customer, count, sum, max FROM core.orders GROUP BY customer.',
  engines: ['duckdb', 'postgres'],
  async run(ctx) {
    const fresh = await ctx.freshWarehouse('segments');
    const wh = fresh.warehouse;
    try {
      const t0 = performance.now();
      const base = await generateCustomerBase(wh, {
        customers: scaled(ctx, DEFAULT_CUSTOMERS),
        ordersPerCustomer: ORDERS_PER_CUSTOMER,
      });
      ctx.log(
        `${base.customers} customers, ${base.orders} orders, ${base.consents} consents, ${base.tags} tags in ` +
          `${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
      const segments = fiftySegments();
      const count = Object.keys(segments).length;
      if (count !== 50) throw new Error(`expected 50 segments, got ${count}`);
      let members = 0;
      let empty = 0;
      const samples = await interleave(
        ctx.repeat,
        async () => {
          await wh.exec(
            'DELETE FROM marts.segment_changes; DELETE FROM marts.segment_members; DELETE FROM marts.segments',
          );
          let reports: Awaited<ReturnType<typeof writeSegments>> = [];
          const s = await timed(async () => {
            // As the segments job does (pipelines/segments-job.ts): fresh planner statistics, and
            // room to hash IN subqueries.
            for (const t of [
              'core.customers',
              'core.orders',
              'core.consents',
              'core.events',
              'marts.customer_tags',
              'marts.rfm_scores',
              'marts.clv',
            ]) {
              const statement = wh.dialect.analyze(t);
              if (statement) await wh.exec(statement);
            }
            reports = await wh.transaction(async (tx) => {
              if (wh.engine === 'postgres') await tx.exec("SET LOCAL work_mem = '256MB'");
              return writeSegments(tx, segments, { asOf: AS_OF, now: NOW });
            });
          });
          if (reports.length !== 50)
            throw new Error(`writeSegments wrote ${reports.length} segments, not 50`);
          members = reports.reduce((n, r) => n + r.members, 0);
          empty = reports.filter((r) => r.members === 0).length;
          return s;
        },
        async () => {
          await wh.exec('DROP TABLE IF EXISTS marts.bench_group_by');
          const s = await timed(() =>
            wh.exec(
              `CREATE TABLE marts.bench_group_by AS
               SELECT customer_id, count(*) AS orders, sum(net_amount) AS spend, max(ordered_at) AS last_at
               FROM core.orders GROUP BY customer_id`,
            ),
          );
          await wh.exec('DROP TABLE marts.bench_group_by');
          return s;
        },
        ctx.log,
      );
      if (members === 0) throw new Error('the 50 segments have no members at all');
      return benchResult({
        units: 'customers',
        count: base.customers,
        baseline: 'CREATE TABLE AS SELECT customer_id, count, sum, max FROM core.orders GROUP BY customer_id',
        samples,
        extra: {
          segments: count,
          totalMembers: members,
          emptySegments: empty,
          orders: base.orders,
          consents: base.consents,
          tags: base.tags,
        },
      });
    } finally {
      await fresh.dispose();
    }
  },
};
