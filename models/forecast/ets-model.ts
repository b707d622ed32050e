// The ETS recursions with additive errors (Hyndman, Koehler, Ord and Snyder 2008; fpp3 chapter 8),
// trend none / additive / damped, seasonality none / additive / multiplicative. With P_t = ℓ_{t-1} + φ b_{t-1}
// and s = s_{t-m}:
//   additive season:        ŷ_t = P_t + s,  ℓ_t = P_t + α e_t,    b_t = φ b_{t-1} + β e_t,    s_t = s + γ e_t
//   multiplicative season:  ŷ_t = P_t · s,  ℓ_t = P_t + α e_t/s,  b_t = φ b_{t-1} + β e_t/s,  s_t = s + γ e_t/P_t
// with e_t = y_t - ŷ_t, φ = 1 for an undamped trend and b ≡ 0 without one. β and γ are the
// error-correction coefficients (fpp3's αβ* and (1-α)γ*).
import { seasonalFigure } from './decompose.ts';

export type EtsTrendForm = 'none' | 'additive' | 'damped';
export type EtsSeasonForm = 'none' | 'additive' | 'multiplicative';

export interface EtsForm {
  readonly trend: EtsTrendForm;
  readonly season: EtsSeasonForm;
  /** Season length; 1 when season is 'none'. */
  readonly m: number;
}

export interface EtsParameters {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly phi: number;
}

export interface EtsInitialState {
  readonly level: number;
  readonly trend: number;
  /** Slot j holds the seasonal state used by periods t ≡ j (mod m). */
  readonly season: Float64Array;
}

/** The label fpp3 uses for the form, e.g. ETS(A,Ad,M). */
export function etsLabel(form: EtsForm): string {
  const trend = { none: 'N', additive: 'A', damped: 'Ad' }[form.trend];
  const season = { none: 'N', additive: 'A', multiplicative: 'M' }[form.season];
  return `ETS(A,${trend},${season})`;
}

/** Parameters plus initial states the SSE was minimised over or estimated from the data. */
export function etsParameterCount(form: EtsForm): number {
  const trend = form.trend === 'none' ? 0 : 1;
  const season = form.season === 'none' ? 0 : 1;
  const smoothing = 1 + trend + season + (form.trend === 'damped' ? 1 : 0);
  return smoothing + 1 + trend + season * (form.m - 1);
}

/**
 * Initial states as the forecast package's initstate(): a classical decomposition of the whole series for
 * the seasonal states (multiplicative ones floored at 0.01), then level and trend from a least-squares
 * line through the first max(10, 2m) seasonally adjusted values (the mean of them without a trend).
 * Needs n >= 2m with a season; undefined when a multiplicative decomposition is impossible.
 */
export function etsInitialState(y: Float64Array, form: EtsForm): EtsInitialState | undefined {
  const n = y.length;
  const m = form.m;
  let season: Float64Array = new Float64Array(m);
  const count = Math.min(Math.max(10, form.season === 'none' ? 1 : 2 * m), n);
  const adjusted = new Float64Array(count);
  if (form.season === 'none') {
    adjusted.set(y.subarray(0, count));
  } else {
    const figure = seasonalFigure(y, m, form.season);
    if (figure === undefined) return undefined;
    season = figure;
    if (form.season === 'multiplicative') for (let j = 0; j < m; j++) season[j] = Math.max(season[j]!, 0.01);
    for (let t = 0; t < count; t++) {
      adjusted[t] = form.season === 'additive' ? y[t]! - season[t % m]! : y[t]! / season[t % m]!;
    }
  }
  if (form.trend === 'none') {
    let sum = 0;
    for (let t = 0; t < count; t++) sum += adjusted[t]!;
    return { level: sum / count, trend: 0, season };
  }
  // y_t = l0 + b0 (t + 1): the intercept is the level one period before the first value.
  const xMean = (count + 1) / 2;
  let yMean = 0;
  for (let t = 0; t < count; t++) yMean += adjusted[t]!;
  yMean /= count;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < count; t++) {
    sxy += (t + 1 - xMean) * (adjusted[t]! - yMean);
    sxx += (t + 1 - xMean) * (t + 1 - xMean);
  }
  const trend = sxy / sxx;
  return { level: yMean - trend * xMean, trend, season };
}

/** Final states after the recursion: level, trend (the season is left in the work array). */
export interface EtsEndState {
  level: number;
  trend: number;
}

/**
 * Runs the recursion over y from `initial` and returns the sum of squared one-step errors; the seasonal
 * states end in `season` (length m, overwritten) and level/trend in `end`. Infinity when a multiplicative
 * state leaves the positive range, where the model means nothing.
 */
export function etsSse(
  y: Float64Array,
  form: EtsForm,
  p: EtsParameters,
  initial: EtsInitialState,
  season: Float64Array,
  end?: EtsEndState,
): number {
  const n = y.length;
  const m = form.m;
  const { alpha, beta, gamma } = p;
  const hasTrend = form.trend !== 'none';
  const phi = form.trend === 'damped' ? p.phi : 1;
  const multiplicative = form.season === 'multiplicative';
  const hasSeason = form.season !== 'none';
  season.set(initial.season);
  let level = initial.level;
  let trend = hasTrend ? initial.trend : 0;
  let sse = 0;
  let j = 0;
  for (let t = 0; t < n; t++) {
    const base = level + phi * trend;
    const s = season[j]!;
    if (multiplicative) {
      if (!(s > 0 && base > 0)) return Infinity;
      const e = y[t]! - base * s;
      sse += e * e;
      const scaled = e / s;
      level = base + alpha * scaled;
      trend = phi * trend + beta * scaled;
      season[j] = s + (gamma * e) / base;
    } else {
      const e = y[t]! - base - s;
      sse += e * e;
      level = base + alpha * e;
      if (hasTrend) trend = phi * trend + beta * e;
      if (hasSeason) season[j] = s + gamma * e;
    }
    if (++j === m) j = 0;
  }
  if (end !== undefined) {
    end.level = level;
    end.trend = trend;
  }
  return sse;
}

/**
 * Point forecasts for n+1..n+h from the end state, and when `sigma` is given the standard errors
 * se_h² = σ² (1 + Σ_{i<h} c_{h,i}²), c_{h,i} the effect on the forecast of period h of a unit error at
 * period i. Additive season (fpp3 table 8.8, class 1, exact): c = α + β φ_j + γ [m divides j], j = h - i,
 * φ_j = φ + ... + φ^j. Multiplicative season has no closed form (fpp3 simulates); its c is the first-order
 * (delta-method) effect along the forecast path, c = (α + β φ_j) S_h / S_i + γ [m | j] P_h / P_i, which is
 * the additive formula when every S = 1.
 */
export function etsForecast(
  form: EtsForm,
  p: EtsParameters,
  n: number,
  end: EtsEndState,
  season: Float64Array,
  h: number,
  sigma?: number,
): { mean: Float64Array; se: Float64Array | undefined } {
  const m = form.m;
  const hasTrend = form.trend !== 'none';
  const phi = form.trend === 'damped' ? p.phi : 1;
  const beta = hasTrend ? p.beta : 0;
  const gamma = form.season === 'none' ? 0 : p.gamma;
  const multiplicative = form.season === 'multiplicative';
  // phiSum[j] = φ + ... + φ^j, the trend's weight j periods ahead.
  const phiSum = new Float64Array(h + 1);
  let power = 1;
  for (let j = 1; j <= h; j++) {
    power *= phi;
    phiSum[j] = phiSum[j - 1]! + (hasTrend ? power : 0);
  }
  const mean = new Float64Array(h);
  const path = new Float64Array(h);
  const indices = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    path[k] = end.level + phiSum[k + 1]! * end.trend;
    indices[k] = season[(n + k) % m]!;
    mean[k] = multiplicative ? path[k]! * indices[k]! : path[k]! + indices[k]!;
  }
  if (sigma === undefined) return { mean, se: undefined };
  const se = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    let variance = 1;
    for (let i = 0; i < k; i++) {
      const j = k - i;
      const smoothing = p.alpha + beta * phiSum[j]!;
      const seasonal = gamma !== 0 && j % m === 0 ? gamma : 0;
      const c = multiplicative
        ? (smoothing * indices[k]!) / indices[i]! + (seasonal * path[k]!) / path[i]!
        : smoothing + seasonal;
      variance += c * c;
    }
    se[k] = sigma * Math.sqrt(variance);
  }
  return { mean, se };
}
