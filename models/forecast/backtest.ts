// Rolling-origin evaluation: for each cutoff c, fit on the first c values, forecast the next h and
// compare with what happened. Cutoffs end at n - h and step back `step` periods at a time, so every
// cutoff has a full horizon of actuals; with step = horizon (the default) the test windows tile the
// last origins × horizon periods without overlap.
import { ForecastInputError } from './errors.ts';
import type { MethodName } from './forecast-result.ts';
import { checkMethods, METHOD_NAMES, METHODS } from './methods.ts';
import { accumulateErrors, bias, emptySums, mape, wape, type ErrorSums } from './metrics.ts';
import { resolveForecastOptions, type ForecastOptions, type ResolvedForecastOptions } from './options.ts';
import { checkHorizon, toSeries } from './series.ts';

export const DEFAULT_ORIGINS = 4;

export interface BacktestOptions extends ForecastOptions {
  /** Periods forecast from each cutoff (and by the final forecast). */
  readonly horizon: number;
  /** Number of cutoffs; default 4. */
  readonly origins?: number;
  /** Periods between consecutive cutoffs; default the horizon. */
  readonly step?: number;
  /** Methods to run; default all, see METHOD_NAMES. */
  readonly methods?: readonly MethodName[];
}

export interface ResolvedBacktestOptions extends ResolvedForecastOptions {
  readonly horizon: number;
  readonly origins: number;
  readonly step: number;
  readonly methods: readonly MethodName[];
}

/** One method at one cutoff: the error sums over its h periods and the ratios from them. */
export interface BacktestRow extends ErrorSums {
  readonly method: MethodName;
  /** Values fitted on: the forecast covers periods cutoff..cutoff+h-1 (0-based). */
  readonly cutoff: number;
  readonly wape: number | undefined;
  readonly mape: number | undefined;
  readonly bias: number | undefined;
}

/** A method that could not run at a cutoff, and why. */
export interface BacktestSkip {
  readonly method: MethodName;
  readonly cutoff: number;
  readonly reason: string;
}

export interface SeriesBacktest {
  readonly length: number;
  /** Ascending. Empty when the series is not longer than the horizon. */
  readonly cutoffs: readonly number[];
  /** By cutoff, then method in preference order. */
  readonly rows: readonly BacktestRow[];
  readonly skipped: readonly BacktestSkip[];
}

/** Checks and fills in the options once, for many series. */
export function resolveBacktestOptions(
  options: BacktestOptions | ResolvedBacktestOptions,
): ResolvedBacktestOptions {
  if ('z' in options) return options;
  checkHorizon(options.horizon);
  const origins = options.origins ?? DEFAULT_ORIGINS;
  const step = options.step ?? options.horizon;
  if (!(Number.isInteger(origins) && origins >= 1)) {
    throw new ForecastInputError(
      `origins = ${origins}: give the number of backtest cutoffs, a whole number >= 1`,
    );
  }
  if (!(Number.isInteger(step) && step >= 1)) {
    throw new ForecastInputError(`step = ${step}: give the periods between cutoffs, a whole number >= 1`);
  }
  return {
    ...resolveForecastOptions(options),
    horizon: options.horizon,
    origins,
    step,
    methods: checkMethods(options.methods ?? METHOD_NAMES),
  };
}

/** Cutoffs n - h - k·step for k = origins-1..0, ascending, keeping those >= 1. */
export function backtestCutoffs(n: number, horizon: number, origins: number, step: number): number[] {
  const cutoffs: number[] = [];
  for (let k = origins - 1; k >= 0; k--) {
    const cutoff = n - horizon - k * step;
    if (cutoff >= 1) cutoffs.push(cutoff);
  }
  return cutoffs;
}

/** Rolling-origin backtest of every method on one series (point forecasts only, no intervals). */
export function backtest(
  values: ArrayLike<number>,
  options: BacktestOptions | ResolvedBacktestOptions,
): SeriesBacktest {
  const resolved = resolveBacktestOptions(options);
  const y = toSeries(values);
  const pointOnly: ResolvedBacktestOptions = resolved.intervals
    ? { ...resolved, intervals: false }
    : resolved;
  const cutoffs = backtestCutoffs(y.length, resolved.horizon, resolved.origins, resolved.step);
  const rows: BacktestRow[] = [];
  const skipped: BacktestSkip[] = [];
  for (const cutoff of cutoffs) {
    const history = y.subarray(0, cutoff);
    for (const method of resolved.methods) {
      const result = METHODS[method](history, resolved.horizon, pointOnly);
      if (!result.ok) {
        skipped.push({ method, cutoff, reason: result.reason });
        continue;
      }
      const sums = accumulateErrors(emptySums(), result.mean, y, cutoff);
      rows.push({ method, cutoff, ...sums, wape: wape(sums), mape: mape(sums), bias: bias(sums) });
    }
  }
  return { length: y.length, cutoffs, rows, skipped };
}
