import { sql, type Queryable, type SQLQuery } from '../warehouse/index.ts';

/**
 * Why an order does not count as a purchase. Bad input (the issue's "never silently"):
 * unknown_customer, future_timestamp, unconfigured_currency, non_positive_amount. Normal business:
 * anonymous (a till receipt without a member), cancelled, refunded (fully), other_channel.
 * 'return' rows (POS return receipts) do count: they reduce monetary value.
 */
export const EXCLUSION_REASONS = [
  'anonymous',
  'unknown_customer',
  'future_timestamp',
  'unconfigured_currency',
  'cancelled',
  'non_positive_amount',
  'refunded',
  'other_channel',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** What the classification needs to know. */
export interface CountedOrdersScope {
  /** The model's day (inclusive). */
  readonly asOf: string;
  /** The wall clock of the run: orders after it are bad data whatever the as_of. */
  readonly now: Date;
  readonly currency: string;
  /** Counted channels; empty = all. */
  readonly channels: readonly string[];
  /**
   * Whether an order must belong to a known customer (customer models). Sales forecasts count
   * anonymous till receipts too: false skips the anonymous and unknown_customer reasons.
   */
  readonly requireCustomer?: boolean;
}

/** A SQL integer literal as a typed parameter (Postgres cannot infer `date - $1`). */
export function int(n: number): SQLQuery {
  return sql`CAST(${n} AS INTEGER)`;
}

/** A text parameter with its type spelled out (Postgres cannot type a bare `$1` in a SELECT list). */
export function text(v: string): SQLQuery {
  return sql`CAST(${v} AS VARCHAR)`;
}

/** The as_of day as a typed parameter. */
export function day(asOf: string): SQLQuery {
  return sql`CAST(${asOf} AS DATE)`;
}

/**
 * `counted_orders` as a CTE body: every order up to as_of (plus any dated after the run's wall
 * clock) with `reason` (NULL = a purchase that counts, 'return' = a return receipt that counts
 * against spend, else an exclusion reason), its local `order_day` and its `value` net of refunds.
 * The order of the CASE is the documented precedence: an order gets the first reason that applies.
 */
export function countedOrders(scope: CountedOrdersScope): SQLQuery {
  const channelCheck =
    scope.channels.length === 0
      ? sql`FALSE`
      : sql`o.channel NOT IN (${sql.join(
          scope.channels.map((c) => sql`${c}`),
          sql`, `,
        )})`;
  const customerChecks =
    scope.requireCustomer === false
      ? sql``
      : sql`WHEN o.customer_id IS NULL THEN 'anonymous' WHEN c.customer_id IS NULL THEN 'unknown_customer'`;
  // A refunded order with no refund amount recorded was refunded in full.
  const refund = sql`COALESCE(o.refund_amount, CASE WHEN o.status = 'refunded' THEN o.net_amount ELSE 0 END)`;
  return sql`
    SELECT o.source, o.order_id, o.customer_id, o.channel, o.store_code, o.ordered_at,
      CAST(o.ordered_at AS DATE) AS order_day,
      o.discount_amount,
      CASE
        ${customerChecks}
        WHEN o.ordered_at > ${scope.now} THEN 'future_timestamp'
        WHEN o.currency <> ${scope.currency} THEN 'unconfigured_currency'
        WHEN ${channelCheck} THEN 'other_channel'
        WHEN o.status = 'cancelled' THEN 'cancelled'
        WHEN o.status = 'returned' AND o.net_amount < 0 THEN 'return'
        WHEN o.net_amount IS NULL OR o.net_amount <= 0 THEN 'non_positive_amount'
        WHEN o.net_amount - ${refund} <= 0 THEN 'refunded'
        ELSE NULL
      END AS reason,
      CASE WHEN o.status = 'returned' AND o.net_amount < 0 THEN o.net_amount
        ELSE o.net_amount - ${refund} END AS value
    FROM core.orders o
    LEFT JOIN core.customers c ON c.customer_id = o.customer_id
    WHERE CAST(o.ordered_at AS DATE) <= ${day(scope.asOf)} OR o.ordered_at > ${scope.now}`;
}

/** How the orders in scope were used: counted, returns applied, and exclusions by reason. */
export interface OrderUsage {
  readonly orders: number;
  readonly counted: number;
  readonly returns: number;
  /** Every reason, zeros included, so a run record always shows each one. */
  readonly excluded: Record<ExclusionReason, number>;
}

/** Counts the orders in scope by how the classification used them. */
export async function countOrderUsage(q: Queryable, scope: CountedOrdersScope): Promise<OrderUsage> {
  const { rows } = await q.query<{ reason: string | null; n: number }>(
    sql`WITH counted_orders AS (${countedOrders(scope)})
        SELECT reason, count(*) AS n FROM counted_orders GROUP BY reason`,
  );
  const excluded = Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, 0])) as Record<
    ExclusionReason,
    number
  >;
  let orders = 0;
  let counted = 0;
  let returns = 0;
  for (const r of rows) {
    const n = Number(r.n);
    orders += n;
    if (r.reason === null) counted = n;
    else if (r.reason === 'return') returns = n;
    else excluded[r.reason as ExclusionReason] = n;
  }
  return { orders, counted, returns, excluded };
}
