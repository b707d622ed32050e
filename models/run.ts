import type { Warehouse } from '../warehouse/index.ts';
import type { ModelsConfig } from './config.ts';
import { countOrderUsage, type OrderUsage } from './counted-orders.ts';
import { writeClv, type ClvFit } from './clv-write.ts';
import { writeRfm } from './rfm.ts';
import { writeTags } from './tags.ts';
import { runForecasts, type ForecastSummary } from './forecast-job.ts';
import {
  validateHealth,
  validationDays,
  writeHealth,
  type HealthReport,
  type HealthValidation,
} from './health/index.ts';

/** The customer value models, each a job writing its marts table for one as_of. */
export const VALUE_MODELS = ['rfm', 'tags', 'clv'] as const;
export type ValueModel = (typeof VALUE_MODELS)[number];

/** What one model run did. */
export interface ValueModelReport {
  readonly model: ValueModel;
  readonly asOf: string;
  /** Rows written to the model's marts table for as_of. */
  readonly rows: number;
  readonly usage: OrderUsage;
  /** rfm: customers per segment; tags: customers per tag; clv: the fitted models. */
  readonly details: Record<string, unknown>;
}

/**
 * Runs one model for as_of in one transaction: the previous rows for that as_of are replaced,
 * so a rerun gives the same rows and a failure leaves the old ones.
 */
export async function runValueModel(
  wh: Warehouse,
  model: ValueModel,
  config: ModelsConfig,
  opts: { asOf: string; now?: Date; warn?: (message: string) => void },
): Promise<ValueModelReport> {
  const scope = { asOf: opts.asOf, now: opts.now ?? new Date() };
  const channels = model === 'rfm' ? config.rfm.channels : model === 'clv' ? config.clv.channels : [];
  return wh.transaction(async (tx) => {
    const usage = await countOrderUsage(tx, { ...scope, currency: config.currency, channels });
    switch (model) {
      case 'rfm': {
        const { rows, segments } = await writeRfm(tx, config, scope);
        return { model, asOf: opts.asOf, rows, usage, details: { segments } };
      }
      case 'tags': {
        const tags = await writeTags(tx, config, scope);
        const rows = Object.values(tags).reduce((a, b) => a + b, 0);
        return { model, asOf: opts.asOf, rows, usage, details: { tags } };
      }
      case 'clv': {
        const fit: ClvFit = await writeClv(tx, config, scope, opts.warn);
        return { model, asOf: opts.asOf, rows: fit.customers, usage, details: { ...fit } };
      }
    }
  });
}

/** Replaces marts.health_scores and marts.health_alerts for as_of, in one transaction. */
export async function runHealthModel(
  wh: Warehouse,
  config: ModelsConfig,
  opts: { asOf: string },
): Promise<HealthReport> {
  return wh.transaction((tx) => writeHealth(tx, config.health, opts.asOf));
}

/** Scores the health model against later churn over a range of as_of days (writes nothing). */
export async function validateHealthModel(
  wh: Warehouse,
  config: ModelsConfig,
  opts: { from: string; to: string; everyDays: number; profile?: string },
): Promise<HealthValidation> {
  return validateHealth(wh, config.health, validationDays(opts.from, opts.to, opts.everyDays), {
    profile: opts.profile,
  });
}

/**
 * Backtests and forecasts the weekly series as of as_of; `write` replaces marts.forecasts and
 * marts.forecast_accuracy for as_of in one transaction.
 */
export async function runForecastModel(
  wh: Warehouse,
  config: ModelsConfig,
  opts: { asOf: string; now?: Date; write?: boolean },
): Promise<ForecastSummary> {
  const scope = {
    asOf: opts.asOf,
    now: opts.now ?? new Date(),
    currency: config.currency,
    channels: [],
    requireCustomer: false,
  };
  return wh.transaction((tx) => runForecasts(tx, config.forecast, scope, opts.write ?? true));
}
