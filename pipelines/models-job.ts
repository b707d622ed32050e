import { runValueModel, type ValueModel, type ValueModelReport } from '../models/index.ts';
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
