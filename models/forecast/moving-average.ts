// Moving average: every future period = the mean of the last k values. Intervals treat the series as
// noise around a local mean (fpp3's mean method on a window of k): se_h = σ for every h, where σ² is
// the mean squared one-step residual y_t - mean(y_{t-k..t-1}); those residuals already carry the
// (1 + 1/k) of the estimated mean, so no further factor is applied.
import { tooShort, withIntervals, type MethodResult } from './forecast-result.ts';
import type { ResolvedForecastOptions } from './options.ts';

/** Mean of the values from..from+k-1, summed left to right so that every caller gets the same bits. */
function windowMean(y: Float64Array, from: number, k: number): number {
  let sum = 0;
  for (let i = from; i < from + k; i++) sum += y[i]!;
  return sum / k;
}

/** Every future period = the mean of the last `window` values; needs window + 1 values. */
export function movingAverageMethod(
  y: Float64Array,
  h: number,
  options: ResolvedForecastOptions,
): MethodResult {
  const k = options.window;
  const n = y.length;
  if (n < k + 1) return tooShort('moving-average', n, k + 1, `a window of ${k} and one residual`);
  const level = windowMean(y, n - k, k);
  const mean = new Float64Array(h).fill(level);
  let sumSquares = 0;
  for (let t = k; t < n; t++) {
    const e = y[t]! - windowMean(y, t - k, k);
    sumSquares += e * e;
  }
  const sigma = Math.sqrt(sumSquares / (n - k));
  const se = options.intervals ? new Float64Array(h).fill(sigma) : undefined;
  return {
    ok: true,
    method: 'moving-average',
    model: `MA(${k})`,
    mean,
    ...withIntervals(mean, se, options),
    sigma,
    parameters: { window: k },
  };
}
