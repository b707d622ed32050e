import { sql, type Queryable, type SQLQuery } from '../warehouse/index.ts';
import type { ModelsConfig, RfmSegmentRule } from './config.ts';
import { countedOrders, day, int, text, type CountedOrdersScope } from './counted-orders.ts';
import { quintile } from './scores.ts';

/** The segment CASE: the first rule whose three inclusive score ranges hold, else 'Others'. */
function segmentCase(rules: readonly RfmSegmentRule[]): SQLQuery {
  const whens = rules.map(
    (r) =>
      sql`WHEN r_score BETWEEN ${int(r.r[0])} AND ${int(r.r[1])} AND f_score BETWEEN ${int(r.f[0])} AND ${int(r.f[1])} AND m_score BETWEEN ${int(r.m[0])} AND ${int(r.m[1])} THEN ${text(r.name)}`,
  );
  return sql`CASE ${sql.join(whens, sql` `)} ELSE 'Others' END`;
}

/**
 * Replaces marts.rfm_scores for as_of: recency, frequency and monetary over the window, quintile
 * scores and segments, in one statement in the engine. Returns customers per segment.
 */
export async function writeRfm(
  tx: Queryable,
  config: ModelsConfig,
  scope: Omit<CountedOrdersScope, 'channels' | 'currency'>,
): Promise<{ rows: number; segments: Record<string, number> }> {
  const rfm = config.rfm;
  const counted = countedOrders({ ...scope, currency: config.currency, channels: rfm.channels });
  const asOf = day(scope.asOf);
  await tx.query(sql`DELETE FROM marts.rfm_scores WHERE as_of = ${asOf}`);
  await tx.query(sql`
    INSERT INTO marts.rfm_scores (as_of, customer_id, first_order_at, last_order_at, recency_days,
      frequency, monetary, r_score, f_score, m_score, rfm_cell, segment)
    WITH counted_orders AS (${counted}),
    per_customer AS (
      SELECT customer_id,
        min(CASE WHEN reason IS NULL THEN ordered_at END) AS first_order_at,
        max(CASE WHEN reason IS NULL THEN ordered_at END) AS last_order_at,
        max(CASE WHEN reason IS NULL THEN order_day END) AS last_day,
        count(CASE WHEN reason IS NULL THEN 1 END) AS frequency,
        sum(value) AS monetary
      FROM counted_orders
      WHERE (reason IS NULL OR reason = 'return')
        AND order_day > ${asOf} - ${int(rfm.windowDays)} AND order_day <= ${asOf}
      GROUP BY customer_id
      HAVING count(CASE WHEN reason IS NULL THEN 1 END) > 0
    ),
    ranked AS (
      SELECT customer_id, first_order_at, last_order_at, frequency, monetary,
        CAST(${asOf} - last_day AS INTEGER) AS recency_days,
        RANK() OVER (ORDER BY last_day) AS r_rank,
        RANK() OVER (ORDER BY frequency) AS f_rank,
        RANK() OVER (ORDER BY monetary) AS m_rank,
        count(*) OVER () AS n
      FROM per_customer
    ),
    scored AS (
      SELECT customer_id, first_order_at, last_order_at, recency_days, frequency, monetary,
        ${quintile(sql`r_rank`, sql`n`)} AS r_score,
        ${quintile(sql`f_rank`, sql`n`)} AS f_score,
        ${quintile(sql`m_rank`, sql`n`)} AS m_score
      FROM ranked
    )
    SELECT ${asOf}, customer_id, first_order_at, last_order_at, recency_days, frequency, monetary,
      r_score, f_score, m_score,
      CAST(r_score AS VARCHAR) || CAST(f_score AS VARCHAR) || CAST(m_score AS VARCHAR),
      ${segmentCase(rfm.segments)}
    FROM scored`);
  const { rows } = await tx.query<{ segment: string; n: number }>(
    sql`SELECT segment, count(*) AS n FROM marts.rfm_scores WHERE as_of = ${asOf} GROUP BY segment ORDER BY segment`,
  );
  const segments = Object.fromEntries(rows.map((r) => [r.segment, Number(r.n)]));
  return { rows: Object.values(segments).reduce((a, b) => a + b, 0), segments };
}
