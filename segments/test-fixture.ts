import { sql, type Warehouse } from '../warehouse/index.ts';

// Hand-made rows, the same on both engines. Local times are Asia/Shanghai, the warehouse's zone.
export const AS_OF = '2025-07-15';
/** The run's wall clock: a little after the end of as_of. */
export const NOW = new Date('2025-07-16T02:00:00+08:00');
const at = (local: string): Date => new Date(`${local}+08:00`);

interface Customer {
  readonly id: string;
  readonly city?: string;
  readonly birth?: string;
}

export const CUSTOMERS: readonly Customer[] = [
  { id: 'alice', city: '上海', birth: '1990-07-20' },
  { id: 'bob', city: '北京', birth: '1992-02-29' },
  { id: 'carol' },
  { id: 'dave', city: '深圳', birth: '1988-12-31' },
  { id: 'erin', city: 'Hangzhou', birth: '2001-01-02' },
];

// [customer, local time, net, status, channel, store]
const ORDERS: readonly (readonly [string, string, number, string, string, string | null])[] = [
  ['alice', '2025-05-01 10:00:00', 100, 'completed', 'store', 'S1'],
  ['alice', '2025-06-20 10:00:00', 100, 'completed', 'store', 'S1'],
  ['alice', '2025-07-01 10:00:00', 100, 'completed', 'store', 'S1'],
  ['bob', '2025-03-01 10:00:00', 500, 'completed', 'ecommerce', null],
  ['carol', '2025-07-10 10:00:00', 900, 'cancelled', 'store', 'S2'],
  ['dave', '2025-07-14 15:00:00', 80, 'completed', 'miniprogram', null],
  ['erin', '2025-07-20 10:00:00', 60, 'completed', 'store', 'S2'],
];

// [customer, type, local time]
const EVENTS: readonly (readonly [string, string, string])[] = [
  ['carol', 'ticket', '2025-07-02 09:00:00'],
  ['carol', 'ticket', '2025-07-12 09:00:00'],
  ['alice', 'ticket', '2025-07-12 09:00:00'],
  ['carol', 'view', '2025-07-14 10:00:00'],
  // Followed by an order five hours later.
  ['dave', 'view', '2025-07-14 09:00:00'],
  // Its 24 hours have not passed by the end of as_of: not yet "did not order".
  ['dave', 'view', '2025-07-15 20:00:00'],
];

// [customer, status, local time]
const CONSENTS: readonly (readonly [string, string, string])[] = [
  ['alice', 'granted', '2025-01-01 10:00:00'],
  ['bob', 'granted', '2025-01-01 10:00:00'],
  ['bob', 'withdrawn', '2025-06-01 10:00:00'],
  // After as_of: not yet granted for this run.
  ['erin', 'granted', '2025-07-16 01:00:00'],
  // A grant and a withdrawal at the same instant: the withdrawal wins.
  ['dave', 'granted', '2025-02-01 10:00:00'],
  ['dave', 'withdrawn', '2025-02-01 10:00:00'],
];

// Contact records of B2B accounts: [source key, customer (null: not yet resolved), account].
// bob is a contact at two accounts; erin at none.
const CONTACTS: readonly (readonly [string, string | null, string])[] = [
  ['r1', 'alice', 'A1'],
  ['r2', 'bob', 'A2'],
  ['r3', 'bob', 'A1'],
  ['r4', 'carol', 'A3'],
  ['r5', 'dave', 'A4'],
  ['r6', null, 'A2'],
];

// [as_of, account, score, band, rollup score, rollup band]. The run of 07-14 serves as_of 07-15.
const HEALTH: readonly (readonly [string, string, number, string, number, string])[] = [
  ['2025-07-01', 'A1', 90, 'green', 90, 'green'],
  // Scored on 07-01 only: no usage or tickets in the look-back of the 07-14 run, so no score.
  ['2025-07-01', 'A3', 60, 'yellow', 60, 'yellow'],
  ['2025-07-14', 'A1', 40, 'red', 62, 'yellow'],
  ['2025-07-14', 'A2', 88, 'green', 88, 'green'],
  // After as_of: not yet known.
  ['2025-07-20', 'A4', 30, 'red', 30, 'red'],
];

/** Inserts the customers, activity and model outputs every segments test reads. */
export async function seed(wh: Warehouse): Promise<void> {
  for (const c of CUSTOMERS) {
    await wh.query(sql`INSERT INTO core.customers (customer_id, city, birth_date, created_at, updated_at)
      VALUES (${c.id}, ${c.city ?? null}, CAST(${c.birth ?? null} AS DATE), ${NOW}, ${NOW})`);
  }
  let n = 0;
  for (const [customer, time, net, status, channel, store] of ORDERS) {
    await wh.query(sql`INSERT INTO core.orders (source, order_id, customer_id, channel, store_code, ordered_at,
        status, currency, net_amount, ingested_at)
      VALUES ('test', ${`o${++n}`}, ${customer}, ${channel}, ${store}, ${at(time)}, ${status}, 'CNY', ${net}, ${NOW})`);
  }
  for (const [customer, type, time] of EVENTS) {
    await wh.query(sql`INSERT INTO core.events (source, event_id, event_type, occurred_at, customer_id, ingested_at)
      VALUES ('test', ${`e${++n}`}, ${type}, ${at(time)}, ${customer}, ${NOW})`);
  }
  for (const [customer, status, time] of CONSENTS) {
    await wh.query(sql`INSERT INTO core.consents (source, consent_id, customer_id, purpose, channel, status,
        occurred_at, ingested_at)
      VALUES ('test', ${`k${++n}`}, ${customer}, 'marketing', 'sms', ${status}, ${at(time)}, ${NOW})`);
  }
  const rfm: readonly (readonly [string, string, number, number, number])[] = [
    ['alice', 'Champions', 5, 5, 4],
    ['bob', 'At Risk', 1, 2, 5],
    ['dave', 'New Customers', 5, 1, 1],
  ];
  for (const [customer, segment, r, f, m] of rfm) {
    await wh.query(sql`INSERT INTO marts.rfm_scores (as_of, customer_id, first_order_at, last_order_at,
        recency_days, frequency, monetary, r_score, f_score, m_score, rfm_cell, segment)
      VALUES (CAST(${AS_OF} AS DATE), ${customer}, ${NOW}, ${NOW}, 1, 1, 1, ${r}, ${f}, ${m}, ${`${r}${f}${m}`}, ${segment})`);
  }
  const tags: readonly (readonly [string, string, string, string])[] = [
    [AS_OF, 'alice', 'lifecycle_stage', 'mature'],
    [AS_OF, 'bob', 'lifecycle_stage', 'churn_warning'],
    [AS_OF, 'dave', 'price_band', 'low'],
    // An older run: the latest run on or before as_of decides, so carol has no tag.
    ['2025-07-01', 'carol', 'lifecycle_stage', 'churn_warning'],
  ];
  for (const [asOf, customer, tag, value] of tags) {
    await wh.query(sql`INSERT INTO marts.customer_tags (as_of, customer_id, tag, value)
      VALUES (CAST(${asOf} AS DATE), ${customer}, ${tag}, ${value})`);
  }
  for (const [key, customer, account] of CONTACTS) {
    await wh.query(sql`INSERT INTO core.source_records (source, source_key, customer_id, account_code, ingested_at)
      VALUES ('crm', ${key}, ${customer}, ${account}, ${NOW})`);
  }
  for (const [asOf, account, score, band, rollup, rollupBand] of HEALTH) {
    await wh.query(sql`INSERT INTO marts.health_scores (as_of, account_code, score, band, rollup_score,
        rollup_band, components)
      VALUES (CAST(${asOf} AS DATE), ${account}, ${score}, ${band}, ${rollup}, ${rollupBand}, '{}')`);
  }
  // CLV runs weekly: the run of 07-14 serves as_of 07-15; carol's 07-07 row is superseded.
  const clv: readonly (readonly [string, string, number, number])[] = [
    ['2025-07-14', 'alice', 1500, 0.9],
    ['2025-07-14', 'bob', 200, 0.2],
    ['2025-07-07', 'carol', 5000, 0.95],
  ];
  for (const [asOf, customer, value, alive] of clv) {
    await wh.query(sql`INSERT INTO marts.clv (as_of, customer_id, frequency, recency_periods, age_periods,
        avg_repeat_value, prob_alive, clv, currency)
      VALUES (CAST(${asOf} AS DATE), ${customer}, 1, 1, 1, 1, ${alive}, ${value}, 'CNY')`);
  }
}
