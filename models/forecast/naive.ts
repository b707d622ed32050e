// Naive and seasonal naive: a lag walk repeating the last value, or the last season, as the forecast
// package's lagwalk does. Intervals (fpp3 section 5.5): se_h = σ √(⌊(h-1)/lag⌋ + 1), σ² = mean of the
// squared one-step residuals y_t - y_{t-lag} (no degrees-of-freedom correction: nothing is fitted).
import { tooShort, withIntervals, type MethodName, type MethodResult } from './forecast-result.ts';
import type { ResolvedForecastOptions } from './options.ts';

function lagWalk(
  method: MethodName,
  y: Float64Array,
  h: number,
  lag: number,
  options: ResolvedForecastOptions,
): MethodResult {
  const n = y.length;
  const mean = new Float64Array(h);
  for (let k = 0; k < h; k++) mean[k] = y[n - lag + (k % lag)]!;
  let sumSquares = 0;
  for (let t = lag; t < n; t++) {
    const e = y[t]! - y[t - lag]!;
    sumSquares += e * e;
  }
  const sigma = Math.sqrt(sumSquares / (n - lag));
  let se: Float64Array | undefined;
  if (options.intervals) {
    se = new Float64Array(h);
    for (let k = 0; k < h; k++) se[k] = sigma * Math.sqrt(Math.floor(k / lag) + 1);
  }
  return {
    ok: true,
    method,
    model: lag === 1 ? 'naive' : `seasonal naive (lag ${lag})`,
    mean,
    ...withIntervals(mean, se, options),
    sigma,
    parameters: { lag },
  };
}

/** Every future period = the last value; needs 2 values (one residual for the interval). */
export function naiveMethod(y: Float64Array, h: number, options: ResolvedForecastOptions): MethodResult {
  if (y.length < 2) return tooShort('naive', y.length, 2, 'one to repeat and one residual');
  return lagWalk('naive', y, h, 1, options);
}

/** Each future period = the same period one season back; needs two full seasons. */
export function seasonalNaiveMethod(
  y: Float64Array,
  h: number,
  options: ResolvedForecastOptions,
): MethodResult {
  const m = options.seasonLength;
  const needed = Math.max(2, 2 * m);
  if (y.length < needed) return tooShort('seasonal-naive', y.length, needed, `two seasons of ${m}`);
  return lagWalk('seasonal-naive', y, h, m, options);
}
