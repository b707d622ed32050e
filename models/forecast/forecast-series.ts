// The whole job for one series: backtest every method, choose one, forecast with it on all the data.
import {
  backtest,
  resolveBacktestOptions,
  type BacktestOptions,
  type ResolvedBacktestOptions,
  type SeriesBacktest,
} from './backtest.ts';
import type { MethodResult } from './forecast-result.ts';
import { METHODS } from './methods.ts';
import { selectMethod, type Selection } from './select.ts';
import { toSeries } from './series.ts';

export interface SeriesForecast {
  readonly backtest: SeriesBacktest;
  readonly selection: Selection;
  /** The chosen method fitted on the whole series, h = options.horizon. */
  readonly forecast: MethodResult;
}

/** Backtests, selects (selectMethod) and forecasts one series. */
export function forecastSeries(
  values: ArrayLike<number>,
  options: BacktestOptions | ResolvedBacktestOptions,
): SeriesForecast {
  const resolved = resolveBacktestOptions(options);
  const y = toSeries(values);
  const tested = backtest(y, resolved);
  const selection = selectMethod(tested);
  return { backtest: tested, selection, forecast: METHODS[selection.method](y, resolved.horizon, resolved) };
}
