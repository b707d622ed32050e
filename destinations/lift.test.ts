import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse } from '../test/engines.ts';
import { sql, type Warehouse } from '../warehouse/index.ts';
import { segmentLift } from './index.ts';
import { at } from './test-fixture.ts';

const open: Warehouse[] = [];
afterAll(async () => {
  for (const w of open) await w.close();
});

const SENT = at('2025-07-01 10:00:00');
// [customer, status, when]
const LOG: readonly (readonly [string, string, Date])[] = [
  ['t1', 'sent', SENT],
  ['t2', 'sent', SENT],
  ['t3', 'sent', SENT],
  ['t4', 'sent', SENT],
  ['h1', 'held_out', SENT],
  ['h2', 'held_out', SENT],
  // Not exposed: never counted.
  ['x1', 'no_consent', SENT],
];
// [customer, local time, net, status]
const ORDERS: readonly (readonly [string, string, number, string])[] = [
  ['t1', '2025-07-03 12:00:00', 100, 'completed'], // within 7 days
  ['t2', '2025-07-11 12:00:00', 100, 'completed'], // day 10: outside the window
  ['t3', '2025-06-30 12:00:00', 100, 'completed'], // before the export
  ['t4', '2025-07-02 12:00:00', 100, 'cancelled'], // not a purchase
  ['h1', '2025-07-08 09:00:00', 50, 'completed'], // 6 days 23 hours after
  ['x1', '2025-07-02 12:00:00', 100, 'completed'],
];

describe('segmentLift', () => {
  it('compares conversion of treated and held-out people within N days of their first export', async () => {
    for (const engine of ENGINES) {
      const wh = await freshWarehouse(engine, 'dest_lift', 'Asia/Shanghai');
      open.push(wh);
      for (const [customer, status, when] of LOG) {
        await wh.query(sql`INSERT INTO ops.export_log (destination, segment, sync_id, customer_id, action, channel,
            purpose, campaign, status, logged_at)
          VALUES ('sms_vip', 'vip', '20250630-0001', ${customer}, 'add', 'sms', 'marketing', 'summer', ${status}, ${when})`);
      }
      // A later export of t2 does not move their exposure.
      await wh.query(sql`INSERT INTO ops.export_log (destination, segment, sync_id, customer_id, action, channel,
          purpose, campaign, status, logged_at)
        VALUES ('email_vip', 'vip', '20250709-0001', 't2', 'add', 'email', 'marketing', 'summer', 'sent', ${at('2025-07-09 10:00:00')})`);
      let n = 0;
      for (const [customer, time, net, status] of ORDERS) {
        await wh.query(sql`INSERT INTO core.orders (source, order_id, customer_id, channel, ordered_at, status,
            currency, net_amount, ingested_at)
          VALUES ('test', ${`o${++n}`}, ${customer}, 'store', ${at(time)}, ${status}, 'CNY', ${net}, ${SENT})`);
      }
      expect(await segmentLift(wh, { campaign: 'summer', days: 7 })).toEqual({
        days: 7,
        treated: { customers: 4, converted: 1, rate: 0.25 },
        holdout: { customers: 2, converted: 1, rate: 0.5 },
        lift: -0.25,
      });
      expect(await segmentLift(wh, { campaign: 'summer', days: 14 })).toMatchObject({
        treated: { customers: 4, converted: 2, rate: 0.5 },
      });
      expect(await segmentLift(wh, { destination: 'email_vip', days: 7 })).toEqual({
        days: 7,
        treated: { customers: 1, converted: 1, rate: 1 },
        holdout: { customers: 0, converted: 0, rate: null },
        lift: null,
      });
    }
  });
});
