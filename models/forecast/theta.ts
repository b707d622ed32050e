// The standard Theta method (Assimakopoulos and Nikolopoulos 2000) in Hyndman and Billah's (2003) form,
// as the forecast package's thetaf(): SES with drift equal to half the slope of the least-squares line.
//   mean_h = ℓ_n + b (h - 1 + (1 - (1-α)^n) / α),  b = slope / 2,  se_h = σ √(1 + (h-1) α²),
//   σ² = SSE / (n - 2) of the SES fit (alpha and the initial level are fitted).
// Seasonal series are divided by a classical multiplicative figure first and the forecast multiplied
// back. Which are seasonal: by default every series of two seasons or more; with theta.seasonal = 'test'
// those passing thetaf's test (isSeasonal: lag-m autocorrelation significant, n > 2m); 'never' none. Unlike thetaf, the interval's se is
// multiplied back too: thetaf leaves it on the adjusted scale, too narrow in peak seasons.
import { seasonalFigure } from './decompose.ts';
import { tooShort, withIntervals, type MethodResult } from './forecast-result.ts';
import type { ResolvedForecastOptions, ThetaSeasonal } from './options.ts';
import { isSeasonal } from './seasonality-test.ts';
import { fitSes } from './ses.ts';

/** thetaf falls back to the plain method when a seasonal index is this close to zero. */
const MIN_INDEX = 1e-4;

/** Slope of the least-squares line through (t, x_t), t = 0..n-1. */
function slope(x: Float64Array): number {
  const n = x.length;
  const tMean = (n - 1) / 2;
  let xMean = 0;
  for (let t = 0; t < n; t++) xMean += x[t]!;
  xMean /= n;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < n; t++) {
    sxy += (t - tMean) * (x[t]! - xMean);
    sxx += (t - tMean) * (t - tMean);
  }
  return sxy / sxx;
}

function adjusts(y: Float64Array, m: number, rule: ThetaSeasonal): boolean {
  if (rule === 'test') return isSeasonal(y, m);
  return rule === 'always' && m >= 2 && y.length >= 2 * m;
}

/** Theta forecast with optional multiplicative seasonal adjustment; needs 3 values. */
export function thetaMethod(y: Float64Array, h: number, options: ResolvedForecastOptions): MethodResult {
  const n = y.length;
  if (n < 3) return tooShort('theta', n, 3, 'two for the SES fit and one degree of freedom for σ');
  const m = options.seasonLength;
  let figure = adjusts(y, m, options.thetaSeasonal) ? seasonalFigure(y, m, 'multiplicative') : undefined;
  if (figure?.some((index) => Math.abs(index) < MIN_INDEX)) figure = undefined;
  let x = y;
  if (figure !== undefined) {
    x = new Float64Array(n);
    for (let t = 0; t < n; t++) x[t] = y[t]! / figure[t % m]!;
  }
  const ses = fitSes(x);
  const drift = slope(x) / 2;
  const alpha = Math.max(1e-10, ses.alpha);
  const offset = (1 - Math.pow(1 - alpha, n)) / alpha;
  const sigma = Math.sqrt(ses.sse / (n - 2));
  const mean = new Float64Array(h);
  const se = options.intervals ? new Float64Array(h) : undefined;
  for (let k = 0; k < h; k++) {
    const index = figure === undefined ? 1 : figure[(n + k) % m]!;
    mean[k] = (ses.level + drift * (k + offset)) * index;
    if (se !== undefined) se[k] = sigma * Math.sqrt(1 + k * alpha * alpha) * index;
  }
  return {
    ok: true,
    method: 'theta',
    model: figure === undefined ? 'Theta' : 'Theta (seasonally adjusted)',
    mean,
    ...withIntervals(mean, se, options),
    sigma,
    parameters: { alpha: ses.alpha, drift, initialLevel: ses.initialLevel, level: ses.level },
  };
}
