import { sql, type Warehouse } from '../warehouse/index.ts';

/** Which exports to measure: a holdout campaign (across its destinations) or one destination. */
export type LiftScope = ({ readonly campaign: string } | { readonly destination: string }) & {
  /** Conversion window: a purchase within this many days after the person's first export. */
  readonly days: number;
};

/** One arm of the comparison. */
export interface LiftArm {
  readonly customers: number;
  readonly converted: number;
  /** converted / customers; null for an empty arm. */
  readonly rate: number | null;
}

/** Treated (sent) against holdout (recorded, never sent) conversion. */
export interface SegmentLift {
  readonly days: number;
  readonly treated: LiftArm;
  readonly holdout: LiftArm;
  /** treated.rate - holdout.rate, in rate points; null when either arm is empty. */
  readonly lift: number | null;
}

/**
 * Conversion of treated vs holdout people for a campaign: a person's exposure is their first
 * add that was sent or held out; they converted when a counted purchase (a known customer's order,
 * not cancelled, refunded or returned, paying more than its refunds) falls in (exposure, exposure + days].
 */
export async function segmentLift(wh: Warehouse, scope: LiftScope): Promise<SegmentLift> {
  const which =
    'campaign' in scope ? sql`campaign = ${scope.campaign}` : sql`destination = ${scope.destination}`;
  const ms = (expr: string) => sql.__dangerous__rawValue(wh.dialect.epochMillis(expr));
  const { rows } = await wh.query<{ treated: number; customers: number; converted: number }>(sql`
    WITH exposed AS (
      SELECT customer_id, MAX(CASE WHEN status = 'sent' THEN 1 ELSE 0 END) AS treated, MIN(logged_at) AS first_at
      FROM ops.export_log
      WHERE ${which} AND action = 'add' AND status IN ('sent', 'held_out')
      GROUP BY customer_id
    ), outcome AS (
      SELECT e.treated, CASE WHEN EXISTS (
        SELECT 1 FROM core.orders o
        WHERE o.customer_id = e.customer_id
          AND o.status NOT IN ('cancelled', 'refunded', 'returned')
          AND COALESCE(o.net_amount, 0) - COALESCE(o.refund_amount, 0) > 0
          AND o.ordered_at > e.first_at
          AND ${ms('o.ordered_at')} - ${ms('e.first_at')} <= CAST(${scope.days * 86_400_000} AS BIGINT)
      ) THEN 1 ELSE 0 END AS converted
      FROM exposed e
    )
    SELECT treated, count(*) AS customers, SUM(converted) AS converted FROM outcome GROUP BY treated`);
  const arm = (treated: number): LiftArm => {
    const r = rows.find((x) => Number(x.treated) === treated);
    const customers = Number(r?.customers ?? 0);
    const converted = Number(r?.converted ?? 0);
    return { customers, converted, rate: customers === 0 ? null : converted / customers };
  };
  const treated = arm(1);
  const holdout = arm(0);
  const lift = treated.rate === null || holdout.rate === null ? null : treated.rate - holdout.rate;
  return { days: scope.days, treated, holdout, lift };
}
