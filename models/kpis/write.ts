import { sql, type Queryable, type SQLQuery, type Warehouse } from '../../warehouse/index.ts';
import type { KpiConfig } from './config.ts';
import { dataQualityKpis, SNAPSHOT_PREFIX } from './data-quality.ts';
import { funnelKpis } from './funnel.ts';
import { healthcareKpis } from './healthcare.ts';
import { serviceKpis } from './service.ts';
import { int, kpiBounds, text, type KpiBounds } from './sql-parts.ts';

/** The day a KPI run is for and its wall clock. */
export interface KpiScope {
  /** The run's day (inclusive), YYYY-MM-DD in the warehouse time zone. */
  readonly asOf: string;
  /** The run's wall clock: "hours since" metrics count to it when it is before the end of as_of. */
  readonly now: Date;
}

/** What a KPI run wrote. */
export interface KpiReport {
  readonly asOf: string;
  /** First day of the recomputed window. */
  readonly from: string;
  readonly rows: number;
  /** Rows written per metric. */
  readonly metrics: Record<string, number>;
}

/** as_of minus n days, as YYYY-MM-DD. */
function daysBefore(asOf: string, n: number): string {
  const d = new Date(`${asOf}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

/**
 * The rows a run replaces: every day of the window for the day-by-day metrics, but only day =
 * as_of for the snapshot (dq.*) ones, which a later run cannot recompute for earlier days.
 */
function replaced(b: KpiBounds): SQLQuery {
  const snapshot = sql`substr(metric, 1, ${int(SNAPSHOT_PREFIX.length)}) = ${text(SNAPSHOT_PREFIX)}`;
  return sql`(day = ${b.asOf} OR (day >= ${b.from} AND day < ${b.asOf} AND NOT ${snapshot}))`;
}

/**
 * Replaces marts.kpi_daily's rows for the window of as_of (service, healthcare, funnel and
 * data-quality metrics) with one DELETE and one INSERT ... SELECT computed in the engine.
 */
export async function writeKpis(tx: Queryable, config: KpiConfig, scope: KpiScope): Promise<KpiReport> {
  const b = kpiBounds(scope.asOf, config.windowDays, scope.now);
  const families = [
    serviceKpis(config, b),
    healthcareKpis(config, b),
    funnelKpis(config, b),
    dataQualityKpis(config, b),
  ];
  await tx.query(sql`DELETE FROM marts.kpi_daily WHERE ${replaced(b)}`);
  await tx.query(sql`
    INSERT INTO marts.kpi_daily (as_of, day, metric, dimension, dimension_value, value, numerator, denominator, unit)
    SELECT ${b.asOf}, day, metric, dimension, dimension_value, value, numerator, denominator, unit
    FROM (${sql.join(
      families.map((f, i) => sql`SELECT * FROM (${f}) ${sql.ident(`f${i}`)}`),
      sql` UNION ALL `,
    )}) k`);
  const { rows } = await tx.query<{ metric: string; n: number }>(
    sql`SELECT metric, count(*) AS n FROM marts.kpi_daily WHERE as_of = ${b.asOf} AND ${replaced(b)} GROUP BY metric ORDER BY metric`,
  );
  const metrics = Object.fromEntries(rows.map((r) => [r.metric, Number(r.n)]));
  return {
    asOf: scope.asOf,
    from: daysBefore(scope.asOf, config.windowDays - 1),
    rows: Object.values(metrics).reduce((a, n) => a + n, 0),
    metrics,
  };
}

/** Runs writeKpis in one transaction: a failure leaves the previous rows. */
export async function runKpis(
  wh: Warehouse,
  config: KpiConfig,
  opts: { asOf: string; now?: Date },
): Promise<KpiReport> {
  return wh.transaction((tx) => writeKpis(tx, config, { asOf: opts.asOf, now: opts.now ?? new Date() }));
}
