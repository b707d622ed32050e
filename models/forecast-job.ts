import { sql, type Queryable, type SQLQuery } from '../warehouse/index.ts';
import { countedOrders, type CountedOrdersScope } from './counted-orders.ts';
import type { ForecastConfig } from './forecast-config.ts';
import {
  forecastSeries,
  METHOD_NAMES,
  pooledWape,
  meanDefined,
  type BacktestRow,
  type MethodName,
} from './forecast/index.ts';

const DAY = 86_400_000;
const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** Monday of the week after the last complete week on or before as_of. */
export function weekAfterLastComplete(asOf: string): string {
  const dow = new Date(`${asOf}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  // A week is complete on its Sunday: from a Sunday the next Monday is one day on.
  return addDays(asOf, dow === 0 ? 1 : 1 - dow);
}

function seriesKey(by: ForecastConfig['by']): SQLQuery {
  const store = sql`COALESCE(o.store_code, o.channel)`;
  switch (by) {
    case 'store_category':
      return sql`${store} || '|' || COALESCE(l.category, '?')`;
    case 'store':
      return store;
    case 'category':
      return sql`COALESCE(l.category, '?')`;
    case 'total':
      return sql`'total'`;
  }
}

/** Weekly net line sales per series up to the last complete week, gaps filled with zeros. */
export async function readWeeklySeries(
  q: Queryable,
  config: ForecastConfig,
  scope: CountedOrdersScope,
): Promise<{ weeks: string[]; series: Map<string, Float64Array>; firstWeek: Map<string, number> }> {
  const end = weekAfterLastComplete(scope.asOf);
  const { rows } = await q.query<{ series: string; week: string; v: number }>(sql`
    WITH counted_orders AS (${countedOrders(scope)})
    SELECT ${seriesKey(config.by)} AS series,
      CAST(date_trunc('week', o.order_day) AS DATE) AS week, sum(l.line_amount) AS v
    FROM counted_orders o JOIN core.order_lines l ON l.source = o.source AND l.order_id = o.order_id
    WHERE o.reason IS NULL AND o.order_day < CAST(${end} AS DATE)
    GROUP BY 1, 2 ORDER BY 1, 2`);
  if (rows.length === 0) return { weeks: [], series: new Map(), firstWeek: new Map() };
  const first = rows.reduce((m, r) => (r.week < m ? r.week : m), rows[0]!.week);
  const weeks: string[] = [];
  for (let w = first; w < end; w = addDays(w, 7)) weeks.push(w);
  const index = new Map(weeks.map((w, i) => [w, i]));
  const series = new Map<string, Float64Array>();
  const firstWeek = new Map<string, number>();
  for (const r of rows) {
    if (!series.has(r.series)) {
      series.set(r.series, new Float64Array(weeks.length));
      firstWeek.set(r.series, index.get(r.week)!);
    }
    series.get(r.series)![index.get(r.week)!] = Number(r.v);
  }
  return { weeks, series, firstWeek };
}

/** Backtest accuracy over all series: per method, and of the chosen methods. */
export interface ForecastSummary {
  readonly series: number;
  readonly skippedShort: number;
  readonly methods: readonly {
    method: string;
    pooledWape: number | null;
    meanSeriesWape: number | null;
    chosen: number;
  }[];
  readonly chosenPooledWape: number | null;
  readonly seasonalNaivePooledWape: number | null;
}

/**
 * Backtests every method on every series, picks each series' method by WAPE, forecasts with it and
 * replaces marts.forecasts and marts.forecast_accuracy for as_of (when `write`).
 */
export async function runForecasts(
  tx: Queryable,
  config: ForecastConfig,
  scope: CountedOrdersScope,
  write = true,
): Promise<ForecastSummary> {
  const { weeks, series, firstWeek } = await readWeeklySeries(tx, config, scope);
  const options = {
    seasonLength: config.seasonLength,
    horizon: config.horizonWeeks,
    origins: config.origins,
    level: config.level,
  };
  const accuracy: unknown[][] = [];
  const forecasts: unknown[][] = [];
  const all: (BacktestRow & { chosen: boolean })[] = [];
  const perSeries = new Map<MethodName, (number | undefined)[]>();
  const chosenCount = new Map<MethodName, number>();
  let skippedShort = 0;
  let done = 0;
  for (const [key, full] of [...series].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const from = firstWeek.get(key)!;
    const values = full.subarray(from);
    if (values.length < config.minWeeks) {
      skippedShort++;
      continue;
    }
    done++;
    const f = forecastSeries(values, options);
    const chosen = f.selection.method;
    chosenCount.set(chosen, (chosenCount.get(chosen) ?? 0) + 1);
    for (const s of f.selection.scores) perSeries.set(s.method, [...(perSeries.get(s.method) ?? []), s.wape]);
    for (const r of f.backtest.rows) {
      all.push({ ...r, chosen: r.method === chosen });
      accuracy.push([
        scope.asOf,
        key,
        r.method,
        weeks[from + r.cutoff],
        r.wape ?? null,
        r.mape ?? null,
        r.bias ?? null,
        r.absError,
        r.absActual,
        r.method === chosen,
      ]);
    }
    if (f.forecast.ok) {
      for (let h = 0; h < f.forecast.mean.length; h++) {
        forecasts.push([
          scope.asOf,
          key,
          addDays(weeks.at(-1)!, 7 * (h + 1)),
          chosen,
          f.forecast.mean[h],
          f.forecast.lower[h],
          f.forecast.upper[h],
        ]);
      }
    }
  }
  if (write) {
    const d = sql`CAST(${scope.asOf} AS DATE)`;
    await tx.query(sql`DELETE FROM marts.forecasts WHERE as_of = ${d}`);
    await tx.query(sql`DELETE FROM marts.forecast_accuracy WHERE as_of = ${d}`);
    const t = (name: string) => ({ name, type: 'text' as const });
    const n = (name: string) => ({ name, type: 'double' as const });
    const day = (name: string) => ({ name, type: 'date' as const });
    if (forecasts.length)
      await tx.load(
        'marts.forecasts',
        [day('as_of'), t('series'), day('period_start'), t('method'), n('value'), n('lower'), n('upper')],
        [forecasts],
      );
    if (accuracy.length)
      await tx.load(
        'marts.forecast_accuracy',
        [
          day('as_of'),
          t('series'),
          t('method'),
          day('cutoff'),
          n('wape'),
          n('mape'),
          n('bias'),
          n('abs_error'),
          n('abs_actual'),
          { name: 'chosen', type: 'boolean' },
        ],
        [accuracy],
      );
  }
  const methods = METHOD_NAMES.map((method) => ({
    method,
    pooledWape: pooledWape(all.filter((r) => r.method === method)) ?? null,
    meanSeriesWape: meanDefined(perSeries.get(method) ?? []) ?? null,
    chosen: chosenCount.get(method) ?? 0,
  }));
  return {
    series: done,
    skippedShort,
    methods,
    chosenPooledWape: pooledWape(all.filter((r) => r.chosen)) ?? null,
    seasonalNaivePooledWape: methods.find((m) => m.method === 'seasonal-naive')?.pooledWape ?? null,
  };
}
