import { sql, type SQLQuery } from '../../warehouse/index.ts';
import { day, int, text } from '../counted-orders.ts';

export { day, int, text };

/** How a metric's value reads; see docs/kpis.md. */
export type KpiUnit = 'ratio' | 'minutes' | 'hours' | 'days' | 'nps' | 'count' | 'records';

/** The run's day and the instants derived from it, as SQL expressions. */
export interface KpiBounds {
  /** as_of, a DATE. */
  readonly asOf: SQLQuery;
  /** First day of the recomputed window, a DATE. */
  readonly from: SQLQuery;
  /** Start of the day after as_of (TIMESTAMPTZ): anything at or after it has not happened yet. */
  readonly cutoff: SQLQuery;
  /** The run's wall clock or the cutoff, whichever is earlier: what "hours since" counts to. */
  readonly reference: SQLQuery;
}

/** The bounds of a run for as_of over windowDays days. */
export function kpiBounds(asOf: string, windowDays: number, now: Date): KpiBounds {
  const d = day(asOf);
  const cutoff = sql`CAST(${d} + ${int(1)} AS TIMESTAMPTZ)`;
  return {
    asOf: d,
    from: sql`(${d} - ${int(windowDays - 1)})`,
    cutoff,
    reference: sql`LEAST(CAST(${now} AS TIMESTAMPTZ), ${cutoff})`,
  };
}

/** An expression as a double. */
export const dbl = (e: SQLQuery): SQLQuery => sql`CAST(${e} AS DOUBLE PRECISION)`;

/**
 * Whole seconds since the epoch of a timestamp (a TIMESTAMP reads as wall-clock time). Floored to
 * integers so sums and differences are exact and equal on both engines (Postgres's EXTRACT gives
 * a numeric, DuckDB's a double).
 */
export const epochSeconds = (e: SQLQuery): SQLQuery => sql`CAST(floor(EXTRACT(EPOCH FROM ${e})) AS BIGINT)`;

/** Seconds from a to b. */
export const secondsBetween = (a: SQLQuery, b: SQLQuery): SQLQuery =>
  sql`(${epochSeconds(b)} - ${epochSeconds(a)})`;

/** A text attribute of a JSON column; parenthesised because DuckDB binds ->> looser than comparisons. */
export const attr = (column: SQLQuery, key: string): SQLQuery => sql`(${column} ->> ${text(key)})`;

/** A timestamp held in a JSON attribute as ISO 8601 text. */
export const attrTime = (column: SQLQuery, key: string): SQLQuery =>
  sql`CAST(${attr(column, key)} AS TIMESTAMPTZ)`;

/** `column IN (...)`, FALSE for an empty list. */
export function inList(column: SQLQuery, values: readonly string[]): SQLQuery {
  if (values.length === 0) return sql`FALSE`;
  return sql`${column} IN (${sql.join(
    values.map((v) => text(v)),
    sql`, `,
  )})`;
}

/** A timestamp if it is before the cutoff, else NULL: as the day as_of ended, it had not happened. */
export const upTo = (e: SQLQuery, cutoff: SQLQuery): SQLQuery =>
  sql`CASE WHEN ${e} < ${cutoff} THEN ${e} END`;

/** A 0/1 integer of a condition, for sums. */
export const flag = (cond: SQLQuery): SQLQuery => sql`CASE WHEN ${cond} THEN 1 ELSE 0 END`;

/**
 * Spreads item rows over dimensions: one copy per dimension, with `dimension` and
 * `dimension_value` ('all' for the dimension 'all', 'unknown' for a missing value).
 */
export function byDimensions(items: string, dimensions: readonly string[]): SQLQuery {
  const raw = sql.__dangerous__rawValue;
  const names = ['all', ...dimensions];
  const values = sql.join(
    names.map((n) => sql`(${text(n)})`),
    sql`, `,
  );
  const cases = sql.join(
    dimensions.map((n) => sql`WHEN ${text(n)} THEN COALESCE(CAST(i.${raw(n)} AS VARCHAR), 'unknown')`),
    sql` `,
  );
  return sql`
    SELECT i.*, d.dimension,
      CASE d.dimension WHEN 'all' THEN 'all' ${cases} END AS dimension_value
    FROM ${raw(items)} i CROSS JOIN (VALUES ${values}) AS d(dimension)`;
}

/** One metric's rows from an aggregate relation: the shape every family's SELECT returns. */
export interface MetricSpec {
  readonly metric: string;
  readonly unit: KpiUnit;
  /** Expression of the aggregate's columns. */
  readonly value: SQLQuery;
  readonly numerator: SQLQuery | null;
  readonly denominator: SQLQuery | null;
  /** Rows where this is false are left out (e.g. no answers that day). */
  readonly when: SQLQuery;
}

/** A share: numerator / denominator, for days with a denominator. */
export function ratio(metric: string, num: string, den: string): MetricSpec {
  const raw = sql.__dangerous__rawValue;
  return {
    metric,
    unit: 'ratio',
    value: sql`${dbl(raw(num))} / ${dbl(raw(den))}`,
    numerator: dbl(raw(num)),
    denominator: dbl(raw(den)),
    when: sql`${raw(den)} > 0`,
  };
}

/**
 * A mean of per-item seconds in `unit`: numerator = total in that unit, denominator = items.
 * value = total seconds / (seconds per unit x items), one division of exact integers, so both
 * engines round it the same.
 */
export function mean(
  metric: string,
  unit: 'minutes' | 'hours' | 'days',
  totalSeconds: string,
  n: string,
): MetricSpec {
  const raw = sql.__dangerous__rawValue;
  const per = unit === 'minutes' ? 60 : unit === 'hours' ? 3600 : 86_400;
  return {
    metric,
    unit,
    value: sql`${dbl(raw(totalSeconds))} / ${dbl(sql`${raw(n)} * ${int(per)}`)}`,
    numerator: sql`${dbl(raw(totalSeconds))} / ${dbl(int(per))}`,
    denominator: dbl(raw(n)),
    when: sql`${raw(n)} > 0`,
  };
}

/** A count: value = numerator = the count, no denominator. */
export function count(metric: string, n: string): MetricSpec {
  const raw = sql.__dangerous__rawValue;
  return {
    metric,
    unit: 'count',
    value: dbl(raw(n)),
    numerator: dbl(raw(n)),
    denominator: null,
    when: sql`${raw(n)} > 0`,
  };
}

const NO_NUMBER = sql`CAST(NULL AS DOUBLE PRECISION)`;

/**
 * The rows of several metrics over one aggregate relation with columns dimension, dimension_value
 * and day (or the given day for all rows).
 */
export function metricRows(from: string, specs: readonly MetricSpec[], onDay?: SQLQuery): SQLQuery {
  const raw = sql.__dangerous__rawValue;
  return sql.join(
    specs.map(
      (s) => sql`
        SELECT ${onDay ?? sql`day`} AS day, ${text(s.metric)} AS metric, dimension, dimension_value,
          ${dbl(s.value)} AS value, ${s.numerator ?? NO_NUMBER} AS numerator,
          ${s.denominator ?? NO_NUMBER} AS denominator, ${text(s.unit)} AS unit
        FROM ${raw(from)} WHERE ${s.when}`,
    ),
    sql` UNION ALL `,
  );
}
