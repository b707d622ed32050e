// Forecasting: naive, seasonal naive, moving average, Theta and ETS / Holt-Winters point forecasts with
// prediction intervals, rolling-origin backtests measured by WAPE, and per-series method selection.
// Pure computation over Float64Arrays; formulas and conventions in CONTEXT.md.
export { ForecastInputError } from './errors.ts';
export {
  resolveForecastOptions,
  DEFAULT_LEVEL,
  DEFAULT_WINDOW,
  DEFAULT_ETS_TREND,
  DEFAULT_ETS_SEASONAL,
  DEFAULT_THETA_SEASONAL,
  type ForecastOptions,
  type ResolvedForecastOptions,
  type EtsTrend,
  type EtsSeasonal,
  type ThetaSeasonal,
} from './options.ts';
export type {
  MethodName,
  MethodResult,
  MethodForecast,
  MethodSkipped,
  MethodFunction,
} from './forecast-result.ts';
export { METHOD_NAMES, METHODS, forecastWith, checkMethods } from './methods.ts';
export { naiveMethod, seasonalNaiveMethod } from './naive.ts';
export { movingAverageMethod } from './moving-average.ts';
export { thetaMethod } from './theta.ts';
export { etsMethod, fitEts, etsMinimumLength, type EtsFit } from './ets.ts';
export { etsLabel, type EtsForm, type EtsParameters } from './ets-model.ts';
export { fitSes, type SesFit } from './ses.ts';
export { seasonalFigure, type SeasonalType } from './decompose.ts';
export { isSeasonal, autocorrelations } from './seasonality-test.ts';
export { normalQuantile, intervalMultiplier } from './normal-quantile.ts';
export { nelderMead, type NelderMeadOptions, type NelderMeadResult } from './nelder-mead.ts';
export {
  errorSums,
  accumulateErrors,
  emptySums,
  addSums,
  wape,
  mape,
  bias,
  pooledWape,
  meanDefined,
  type ErrorSums,
} from './metrics.ts';
export {
  backtest,
  backtestCutoffs,
  resolveBacktestOptions,
  DEFAULT_ORIGINS,
  type BacktestOptions,
  type ResolvedBacktestOptions,
  type BacktestRow,
  type BacktestSkip,
  type SeriesBacktest,
} from './backtest.ts';
export {
  selectMethod,
  scoreMethods,
  type Selection,
  type SelectionReason,
  type MethodScore,
} from './select.ts';
export { forecastSeries, type SeriesForecast } from './forecast-series.ts';
