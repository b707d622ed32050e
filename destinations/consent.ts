import { sql, type SQLQuery } from '../warehouse/index.ts';

/**
 * Latest consent event per customer for a purpose and channel as of `at`: the latest wins, a
 * withdrawal wins a tie, events on a source record count for its customer. One rule for pushes
 * and pulls, so both agree on who may receive a segment. The join is a plain equi-join (COALESCE
 * prefers the event's own customer): with `k.customer_id IS NULL` in its ON clause DuckDB planned
 * a nested-loop join, and one export over 470k consents and 1.6M source records took 13 minutes.
 */
export function latestConsent(scope: { purpose: string; channel: string }, at: Date): SQLQuery {
  return sql`
    SELECT customer_id, status FROM (
      SELECT COALESCE(k.customer_id, r.customer_id) AS customer_id, k.status,
        ROW_NUMBER() OVER (PARTITION BY COALESCE(k.customer_id, r.customer_id)
          ORDER BY k.occurred_at DESC, CASE WHEN k.status = 'granted' THEN 1 ELSE 0 END) AS rn
      FROM core.consents k
      LEFT JOIN core.source_records r
        ON r.source = k.source AND r.source_key = k.source_key
      WHERE k.purpose = ${scope.purpose} AND k.channel = ${scope.channel} AND k.occurred_at <= ${at}
    ) x WHERE rn = 1 AND customer_id IS NOT NULL`;
}
