import { sql, type Queryable, type SQLQuery } from '../warehouse/index.ts';
import type { ModelsConfig, RuleTag } from './config.ts';
import { countedOrders, day, int, text, type CountedOrdersScope } from './counted-orders.ts';

const dbl = (e: SQLQuery): SQLQuery => sql`CAST(${e} AS DOUBLE PRECISION)`;

function inList(column: SQLQuery, values: readonly string[]): SQLQuery {
  return sql`${column} IN (${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}

/**
 * The top row per customer of `source` by `measure` (ties to the smallest `label`), with its
 * share of the customer's total, as hash aggregates and a join: window functions sorting every
 * customer's rows cost several times more on 10M lines.
 */
function topShare(source: string, label: string, measure: string): SQLQuery {
  const raw = sql.__dangerous__rawValue;
  return sql`
    SELECT s.customer_id, min(s.${raw(label)}) AS top, ${dbl(sql`max(t.best)`)} / ${dbl(sql`max(t.total)`)} AS share
    FROM ${raw(source)} s JOIN (
      SELECT customer_id, max(${raw(measure)}) AS best, sum(${raw(measure)}) AS total
      FROM ${raw(source)} GROUP BY customer_id
    ) t ON t.customer_id = s.customer_id AND s.${raw(measure)} = t.best
    GROUP BY s.customer_id`;
}

/** category_preference: the category with the largest share of line spend, if the share is big enough. */
function categoryPreference(minShare: number): SQLQuery {
  return sql`
    SELECT customer_id, 'category_preference' AS tag, top AS value, share AS score
    FROM (${topShare('customer_categories', 'category', 'spend')}) t
    WHERE share >= ${minShare}`;
}

/** channel_preference: the channel of most orders if its share is big enough, else 'omnichannel'. */
function channelPreference(minShare: number): SQLQuery {
  return sql`
    SELECT customer_id, 'channel_preference' AS tag,
      CASE WHEN share >= ${minShare} THEN top ELSE 'omnichannel' END AS value, share AS score
    FROM (${topShare('customer_channels', 'channel', 'orders')}) t`;
}

/**
 * price_band: list price of what the customer bought against the mean list price of the same
 * categories over everyone's purchases: ratio = sum(q x unit_price) / sum(q x category mean).
 * Sums are of decimals (the category mean rounded to 4 places): sums of doubles depend on the
 * order a parallel aggregate adds them in, and a rerun must give the same score.
 */
function priceBand(low: number, high: number): SQLQuery {
  return sql`
    SELECT customer_id, 'price_band' AS tag,
      CASE WHEN ratio < ${low} THEN 'low' WHEN ratio > ${high} THEN 'high' ELSE 'mid' END AS value,
      ratio AS score
    FROM (
      SELECT b.customer_id, ${dbl(sql`sum(b.list_value)`)} / ${dbl(sql`sum(b.units * c.mean_price)`)} AS ratio
      FROM customer_categories b JOIN (
        SELECT category,
          CAST(${dbl(sql`sum(list_value)`)} / ${dbl(sql`sum(units)`)} AS DECIMAL(18, 4)) AS mean_price
        FROM customer_categories WHERE units > 0 GROUP BY category
      ) c ON c.category = b.category
      WHERE b.units > 0
      GROUP BY b.customer_id
    ) t`;
}

/** promotion_sensitivity: the share of orders that had a discount. */
function promotionSensitivity(high: number, medium: number, minOrders: number): SQLQuery {
  return sql`
    SELECT customer_id, 'promotion_sensitivity' AS tag,
      CASE WHEN share >= ${high} THEN 'high' WHEN share >= ${medium} THEN 'medium' ELSE 'low' END AS value,
      share AS score
    FROM (
      SELECT customer_id, ${dbl(sql`count(CASE WHEN discount_amount > 0 THEN 1 END)`)} / ${dbl(sql`count(*)`)} AS share
      FROM window_purchases GROUP BY customer_id HAVING count(*) >= ${int(minOrders)}
    ) t`;
}

/** lifecycle_stage over all purchases up to as_of; score = days since the last purchase. */
function lifecycleStage(l: ModelsConfig['tags']['lifecycle'], asOf: SQLQuery): SQLQuery {
  return sql`
    SELECT customer_id, 'lifecycle_stage' AS tag,
      CASE
        WHEN since_last >= ${int(l.churnedDays)} THEN 'churned'
        WHEN since_last >= ${int(l.warningDays)} THEN 'churn_warning'
        WHEN tenure < ${int(l.newDays)} THEN 'new'
        WHEN tenure < ${int(l.matureDays)} OR orders < ${int(l.matureOrders)} THEN 'growing'
        ELSE 'mature'
      END AS value,
      ${dbl(sql`since_last`)} AS score
    FROM (
      SELECT customer_id, ${asOf} - max(order_day) AS since_last, ${asOf} - min(order_day) AS tenure,
        count(*) AS orders
      FROM counted_orders WHERE reason IS NULL GROUP BY customer_id
    ) t`;
}

/**
 * A rule tag: at least minOrders qualifying orders in each of the last `periods` periods of
 * periodDays days; score = qualifying orders over all those periods.
 */
function ruleTag(rule: RuleTag, asOf: SQLQuery): SQLQuery {
  const span = rule.periodDays * rule.periods;
  const lineFilters: SQLQuery[] = [];
  if (rule.categories.length > 0) lineFilters.push(inList(sql`l.category`, rule.categories));
  if (rule.skus.length > 0) lineFilters.push(inList(sql`l.sku`, rule.skus));
  const lines =
    lineFilters.length === 0
      ? sql`TRUE`
      : sql`EXISTS (SELECT 1 FROM core.order_lines l WHERE l.source = o.source AND l.order_id = o.order_id AND l.quantity > 0 AND ${sql.join(lineFilters, sql` AND `)})`;
  const channels = rule.channels.length === 0 ? sql`TRUE` : inList(sql`o.channel`, rule.channels);
  return sql`
    SELECT customer_id, ${text(rule.name)} AS tag, 'true' AS value, ${dbl(sql`sum(n)`)} AS score
    FROM (
      SELECT customer_id, period, count(*) AS n
      FROM (
        SELECT customer_id,
          CAST(floor(${dbl(sql`${asOf} - order_day`)} / ${dbl(sql`${rule.periodDays}`)}) AS INTEGER) AS period
        FROM counted_orders o
        WHERE reason IS NULL AND order_day > ${asOf} - ${int(span)}
          AND value >= ${rule.minOrderAmount} AND ${channels} AND ${lines}
      ) q
      GROUP BY customer_id, period
      HAVING count(*) >= ${int(rule.minOrders)}
    ) t
    GROUP BY customer_id HAVING count(*) = ${int(rule.periods)}`;
}

/** Replaces marts.customer_tags for as_of with every built-in and rule tag, in one statement. */
export async function writeTags(
  tx: Queryable,
  config: ModelsConfig,
  scope: Omit<CountedOrdersScope, 'channels' | 'currency'>,
): Promise<Record<string, number>> {
  const t = config.tags;
  const asOf = day(scope.asOf);
  const counted = countedOrders({ ...scope, currency: config.currency, channels: [] });
  const parts = [
    categoryPreference(t.categoryMinShare),
    channelPreference(t.channelMinShare),
    priceBand(t.priceBand.low, t.priceBand.high),
    promotionSensitivity(t.promotion.high, t.promotion.medium, t.promotion.minOrders),
    lifecycleStage(t.lifecycle, asOf),
    ...t.rules.map((r) => ruleTag(r, asOf)),
  ];
  await tx.query(sql`DELETE FROM marts.customer_tags WHERE as_of = ${asOf}`);
  await tx.query(sql`
    INSERT INTO marts.customer_tags (as_of, customer_id, tag, value, score)
    WITH counted_orders AS (${counted}),
    window_purchases AS (
      SELECT * FROM counted_orders
      WHERE reason IS NULL AND order_day > ${asOf} - ${int(t.windowDays)}
    ),
    customer_categories AS (
      -- One pass over the lines: spend for category_preference, units and list value for price_band.
      SELECT p.customer_id, l.category,
        sum(CASE WHEN l.line_amount > 0 THEN l.line_amount ELSE 0 END) AS spend,
        sum(CASE WHEN l.quantity > 0 AND l.unit_price > 0 THEN CAST(l.quantity AS DECIMAL(18, 3)) ELSE 0 END) AS units,
        sum(CASE WHEN l.quantity > 0 AND l.unit_price > 0 THEN CAST(l.quantity AS DECIMAL(18, 3)) * l.unit_price ELSE 0 END) AS list_value
      FROM window_purchases p JOIN core.order_lines l ON l.source = p.source AND l.order_id = p.order_id
      WHERE l.category IS NOT NULL
      GROUP BY p.customer_id, l.category
    ),
    customer_channels AS (
      SELECT customer_id, channel, count(*) AS orders FROM window_purchases GROUP BY customer_id, channel
    )
    SELECT ${asOf}, customer_id, tag, value, score FROM (
      ${sql.join(parts, sql` UNION ALL `)}
    ) tags`);
  const { rows } = await tx.query<{ tag: string; n: number }>(
    sql`SELECT tag, count(*) AS n FROM marts.customer_tags WHERE as_of = ${asOf} GROUP BY tag ORDER BY tag`,
  );
  return Object.fromEntries(rows.map((r) => [r.tag, Number(r.n)]));
}
