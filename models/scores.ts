import { sql, type SQLQuery } from '../warehouse/index.ts';

/**
 * A quintile score 1-5 from a RANK() (1 = worst) over n customers: 1 + floor(5 (rank - 1) / n).
 * Equal values share a rank and so a score: no arbitrary tiebreak, the same on every engine.
 * The division is of two exact integers as doubles, whose floor is exact on both engines.
 */
export function quintile(rank: SQLQuery, n: SQLQuery): SQLQuery {
  return sql`(1 + CAST(floor(CAST(5 * (${rank} - 1) AS DOUBLE PRECISION) / ${n}) AS INTEGER))`;
}
