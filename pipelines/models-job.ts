import {
  runForecastModel,
  runHealthModel,
  runKpis,
  type KpiReport,
  runValueModel,
  type ForecastSummary,
  type HealthReport,
  type ValueModel,
  type ValueModelReport,
} from '../models/index.ts';
import type { Warehouse } from '../warehouse/index.ts';
import type { LoadedConfig } from './config/load.ts';
import { recordRun } from './job-runs.ts';
import type { Logger } from './log.ts';

/** Today in a time zone, as YYYY-MM-DD: the default as_of. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/**
 * Runs rfm, tags or clv for one as_of as a recorded job; every order it left out is counted by
 * reason in the run's details (ops.job_runs.details.excluded).
 */
export async function runValueModelJob(
  wh: Warehouse,
  loaded: LoadedConfig,
  log: Logger,
  model: ValueModel,
  opts: { asOf?: string; now?: Date } = {},
): Promise<ValueModelReport & { runId: string }> {
  const asOf = opts.asOf ?? todayIn(loaded.config.warehouse.timezone);
  return recordRun(wh, model, asOf, async () => {
    log.info(`${model}: as_of ${asOf}`);
    const report = await runValueModel(wh, model, loaded.config.models, {
      asOf,
      now: opts.now,
      warn: (m) => log.warn(m),
    });
    const excluded = Object.entries(report.usage.excluded).filter(([, n]) => n > 0);
    if (excluded.length > 0) {
      log.info(`${model}: orders left out: ${excluded.map(([r, n]) => `${r} ${n}`).join(', ')}`);
    }
    return {
      ...report,
      rowsRead: report.usage.orders,
      rowsWritten: report.rows,
      details: {
        counted: report.usage.counted,
        returns: report.usage.returns,
        excluded: report.usage.excluded,
        ...report.details,
      },
    };
  });
}

/** Runs the account health model for one as_of as the recorded job `health`. */
export async function runHealthJob(
  wh: Warehouse,
  loaded: LoadedConfig,
  log: Logger,
  opts: { asOf?: string } = {},
): Promise<HealthReport & { runId: string; asOf: string }> {
  const asOf = opts.asOf ?? todayIn(loaded.config.warehouse.timezone);
  const r = await recordRun(wh, 'health', asOf, async () => {
    const report = await runHealthModel(wh, loaded.config.models, { asOf });
    log.info(
      `health: ${report.accounts} accounts (${report.bands.red} red, ${report.bands.yellow} yellow, ${report.bands.green} green), ${report.alerts} alerts`,
    );
    return { ...report, rowsWritten: report.accounts, details: { ...report } };
  });
  return { ...r, asOf };
}

/** Runs the weekly forecasts for one as_of as the recorded job `forecast`. */
export async function runForecastJob(
  wh: Warehouse,
  loaded: LoadedConfig,
  log: Logger,
  opts: { asOf?: string; now?: Date; write?: boolean } = {},
): Promise<ForecastSummary & { runId: string; asOf: string }> {
  const asOf = opts.asOf ?? todayIn(loaded.config.warehouse.timezone);
  const r = await recordRun(wh, opts.write === false ? 'forecast_backtest' : 'forecast', asOf, async () => {
    const summary = await runForecastModel(wh, loaded.config.models, {
      asOf,
      now: opts.now,
      write: opts.write,
    });
    log.info(`forecast: ${summary.series} series (${summary.skippedShort} too short)`);
    return { ...summary, rowsWritten: summary.series, details: { ...summary } };
  });
  return { ...r, asOf };
}

/** Recomputes marts.kpi_daily over the window up to as_of as the recorded job `kpis`. */
export async function runKpisJob(
  wh: Warehouse,
  loaded: LoadedConfig,
  log: Logger,
  opts: { asOf?: string; now?: Date } = {},
): Promise<KpiReport & { runId: string }> {
  const asOf = opts.asOf ?? todayIn(loaded.config.warehouse.timezone);
  return recordRun(wh, 'kpis', asOf, async () => {
    const report = await runKpis(wh, loaded.config.models.kpis, { asOf, now: opts.now });
    log.info(`kpis: ${report.rows} rows for ${report.from} .. ${report.asOf}`);
    return { ...report, rowsWritten: report.rows, details: { from: report.from, metrics: report.metrics } };
  });
}
