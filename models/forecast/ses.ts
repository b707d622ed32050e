// Simple exponential smoothing, ETS(A,N,N), fitted by least squares over alpha and the initial level
// as the forecast package's ses() does (its likelihood n·log(SSE) has the same minimiser). The one-step
// errors are linear in the initial level l0 (e_t = a_t - (1-α)^(t-1) l0, a_t the errors from l0 = 0), so
// l0 is solved exactly for each alpha and only alpha is searched, by Brent's method.
import { brentMinimise } from './brent.ts';

export interface SesFit {
  readonly alpha: number;
  readonly initialLevel: number;
  /** The level after the last value: the forecast of every future period. */
  readonly level: number;
  /** Sum of squared one-step errors over all n values. */
  readonly sse: number;
}

/** The forecast package's bounds for alpha ('usual' region). */
const ALPHA_MIN = 1e-4;
const ALPHA_MAX = 0.9999;

/** The least-squares initial level for alpha, and the SSE and final level it gives. */
function profile(y: Float64Array, alpha: number): { l0: number; sse: number; level: number } {
  const n = y.length;
  const keep = 1 - alpha;
  let level = 0;
  let weight = 1;
  let aw = 0;
  let ww = 0;
  for (let t = 0; t < n; t++) {
    const a = y[t]! - level;
    aw += a * weight;
    ww += weight * weight;
    level += alpha * a;
    weight *= keep;
  }
  const l0 = aw / ww;
  // A second pass rather than Σa² - (Σaw)²/Σw², which cancels badly when the SSE is small next to the level.
  level = l0;
  let sse = 0;
  for (let t = 0; t < n; t++) {
    const e = y[t]! - level;
    sse += e * e;
    level += alpha * e;
  }
  return { l0, sse, level };
}

/** Fits SES by least squares; needs at least 2 values. */
export function fitSes(y: Float64Array): SesFit {
  const best = brentMinimise((alpha) => profile(y, alpha).sse, ALPHA_MIN, ALPHA_MAX, 1e-7);
  // Brent never evaluates the bounds themselves; a minimum at a bound (a random walk, a constant) is common.
  let alpha = best.x;
  let value = best.value;
  for (const bound of [ALPHA_MIN, ALPHA_MAX]) {
    const sse = profile(y, bound).sse;
    if (sse < value) {
      alpha = bound;
      value = sse;
    }
  }
  const { l0, sse, level } = profile(y, alpha);
  return { alpha, initialLevel: l0, level, sse };
}
