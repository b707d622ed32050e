import { sql, type Queryable, type SQLQuery } from '../warehouse/index.ts';
import { countedOrders, text, type CountedOrdersScope } from './counted-orders.ts';
import type { ForecastConfig, SalesForecastConfig } from './forecast-config.ts';
import { readPipelineSeries, type PipelineInputs } from './forecast-pipeline.ts';
import {
  addDays,
  NO_WEEKS,
  weekAfterLastComplete,
  weeklySeries,
  type WeeklySeries,
} from './forecast-weeks.ts';
import {
  forecastSeries,
  METHOD_NAMES,
  pooledWape,
  meanDefined,
  type BacktestRow,
  type MethodName,
} from './forecast/index.ts';

export { weekAfterLastComplete };

/**
 * The kinds of series the job forecasts. A series key is `<breakdown>:<key>`: sales series
 * `store_category:BJ01|口罩`, `store:BJ01`, `category:口罩`, `total:all`; pipeline series
 * `pipeline_weighted:<category>`, `pipeline_won:all` and `pipeline_won:<category>`.
 */
export const SERIES_KINDS = ['sales', 'pipeline'] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];

function seriesKey(by: SalesForecastConfig['by']): SQLQuery {
  const store = sql`COALESCE(o.store_code, o.channel)`;
  switch (by) {
    case 'store_category':
      return sql`${store} || '|' || COALESCE(l.category, '?')`;
    case 'store':
      return store;
    case 'category':
      return sql`COALESCE(l.category, '?')`;
    case 'total':
      return sql`'all'`;
  }
}

/** Weekly net line sales per series (`<by>:<key>`) up to the last complete week, gaps filled with zeros. */
export async function readSalesSeries(
  q: Queryable,
  config: SalesForecastConfig,
  scope: CountedOrdersScope,
): Promise<WeeklySeries> {
  const end = weekAfterLastComplete(scope.asOf);
  const { rows } = await q.query<{ series: string; week: string; v: number }>(sql`
    WITH counted_orders AS (${countedOrders(scope)})
    SELECT ${text(`${config.by}:`)} || ${seriesKey(config.by)} AS series,
      CAST(date_trunc('week', o.order_day) AS DATE) AS week, sum(l.line_amount) AS v
    FROM counted_orders o JOIN core.order_lines l ON l.source = o.source AND l.order_id = o.order_id
    WHERE o.reason IS NULL AND o.order_day < CAST(${end} AS DATE)
    GROUP BY 1, 2`);
  return weeklySeries(
    rows.map((r) => ({ ...r, v: Number(r.v) })),
    end,
  );
}

/** Backtest accuracy over a set of series: per method, and of the chosen methods. */
export interface AccuracySummary {
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
  readonly naivePooledWape: number | null;
}

/** The job's summary: over all series, per kind, and what the pipeline series were built from. */
export interface ForecastSummary extends AccuracySummary {
  readonly kinds: readonly (AccuracySummary & { kind: SeriesKind })[];
  readonly pipeline: PipelineInputs | null;
}

interface Scored {
  readonly kind: SeriesKind;
  readonly rows: readonly (BacktestRow & { chosen: boolean })[];
  readonly scores: readonly { method: MethodName; wape: number | undefined }[];
  readonly chosen: MethodName;
}

function summarise(scored: readonly Scored[], skippedShort: number): AccuracySummary {
  const rows = scored.flatMap((s) => s.rows);
  const methods = METHOD_NAMES.map((method) => ({
    method,
    pooledWape: pooledWape(rows.filter((r) => r.method === method)) ?? null,
    meanSeriesWape:
      meanDefined(scored.flatMap((s) => s.scores.filter((x) => x.method === method).map((x) => x.wape))) ??
      null,
    chosen: scored.filter((s) => s.chosen === method).length,
  }));
  return {
    series: scored.length,
    skippedShort,
    methods,
    chosenPooledWape: pooledWape(rows.filter((r) => r.chosen)) ?? null,
    seasonalNaivePooledWape: methods.find((m) => m.method === 'seasonal-naive')?.pooledWape ?? null,
    naivePooledWape: methods.find((m) => m.method === 'naive')?.pooledWape ?? null,
  };
}

/**
 * Reads the configured series (sales, pipeline), backtests every method on every series, picks
 * each series' method by WAPE, forecasts with it and replaces marts.forecasts and
 * marts.forecast_accuracy for as_of (when `write`).
 */
export async function runForecasts(
  tx: Queryable,
  config: ForecastConfig,
  scope: CountedOrdersScope,
  write = true,
): Promise<ForecastSummary> {
  const sets: { kind: SeriesKind; weekly: WeeklySeries }[] = [];
  sets.push({
    kind: 'sales',
    weekly: config.sales.enabled ? await readSalesSeries(tx, config.sales, scope) : NO_WEEKS,
  });
  let pipeline: PipelineInputs | null = null;
  if (config.pipeline.enabled) {
    const p = await readPipelineSeries(tx, config.pipeline, scope);
    sets.push({ kind: 'pipeline', weekly: p.weekly });
    pipeline = p.inputs;
  }
  const options = {
    seasonLength: config.seasonLength,
    horizon: config.horizonWeeks,
    origins: config.origins,
    level: config.level,
  };
  const accuracy: unknown[][] = [];
  const forecasts: unknown[][] = [];
  const scored: Scored[] = [];
  const skipped = new Map<SeriesKind, number>();
  for (const { kind, weekly } of sets) {
    const { weeks, series, firstWeek } = weekly;
    for (const [key, full] of [...series].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const from = firstWeek.get(key)!;
      const values = full.subarray(from);
      if (values.length < config.minWeeks) {
        skipped.set(kind, (skipped.get(kind) ?? 0) + 1);
        continue;
      }
      const f = forecastSeries(values, options);
      const chosen = f.selection.method;
      scored.push({
        kind,
        chosen,
        scores: f.selection.scores,
        rows: f.backtest.rows.map((r) => ({ ...r, chosen: r.method === chosen })),
      });
      for (const r of f.backtest.rows) {
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
  }
  if (write) await writeForecasts(tx, scope.asOf, forecasts, accuracy);
  const total = [...skipped.values()].reduce((a, b) => a + b, 0);
  return {
    ...summarise(scored, total),
    kinds: sets.map(({ kind }) => ({
      kind,
      ...summarise(
        scored.filter((s) => s.kind === kind),
        skipped.get(kind) ?? 0,
      ),
    })),
    pipeline,
  };
}

async function writeForecasts(
  tx: Queryable,
  asOf: string,
  forecasts: unknown[][],
  accuracy: unknown[][],
): Promise<void> {
  const d = sql`CAST(${asOf} AS DATE)`;
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
