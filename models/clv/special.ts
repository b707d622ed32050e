// Special functions for the likelihoods and predictions: log-gamma, digamma, log-beta, the Gauss
// hypergeometric series and overflow-free log-sum-exp. Positive arguments only: every caller passes
// model parameters plus counts and durations.
import { ClvNumericError } from './errors.ts';

const HALF_LOG_2PI = 0.9189385332046728;
// Below this the asymptotic series are not yet accurate to 1e-16; smaller arguments are shifted up
// by the recurrences first.
const ASYMPTOTIC_FROM = 10;

/** ln Γ(x) for x > 0, to about 1e-15 (absolute near the zeros at 1 and 2, relative elsewhere); NaN for x < 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  if (x === Infinity) return Infinity;
  let y = x;
  let product = 1;
  while (y < ASYMPTOTIC_FROM) {
    product *= y;
    y += 1;
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  // Stirling's series to the 1/y^13 term; at y >= 10 the first omitted term is below 3e-17.
  const series =
    inv *
    (1 / 12 +
      inv2 *
        (-1 / 360 +
          inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 / 156))))));
  const stirling = (y - 0.5) * Math.log(y) - y + HALF_LOG_2PI + series;
  return product === 1 ? stirling : stirling - Math.log(product);
}

/** ψ(x) = d/dx ln Γ(x) for x > 0, to about 1e-15; NaN for x <= 0. */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return Infinity;
  let y = x;
  let shift = 0;
  while (y < ASYMPTOTIC_FROM) {
    shift -= 1 / y;
    y += 1;
  }
  const inv2 = 1 / (y * y);
  const series =
    inv2 *
    (-1 / 12 +
      inv2 *
        (1 / 120 +
          inv2 *
            (-1 / 252 + inv2 * (1 / 240 + inv2 * (-1 / 132 + inv2 * (691 / 32760 + inv2 * (-1 / 12)))))));
  return shift + Math.log(y) - 0.5 / y + series;
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b), for a, b > 0. */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ln(e^u + e^v) without overflow or underflow. */
export function logSumExp(u: number, v: number): number {
  const m = u > v ? u : v;
  if (m === -Infinity || m === Infinity) return m;
  return m + Math.log1p(Math.exp(-Math.abs(u - v)));
}

/** ln(1 + e^u) (softplus) without overflow: exactly u where e^-u is below rounding. */
export function log1pExp(u: number): number {
  return u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u));
}

/** ln Σ e^(v_i) over an array, without overflow; -Infinity for an empty array. */
export function logSumExpArray(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > m) m = values[i]!;
  if (m === -Infinity || m === Infinity) return m;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i]! - m);
  return m + Math.log(sum);
}

/** Default cap on hypergeometric terms: at ratio z per term, enough for z up to about 0.99996. */
export const MAX_SERIES_TERMS = 1_000_000;
const SERIES_TOLERANCE = Number.EPSILON / 2;

/**
 * Σ_{n >= n0} t_n with t_{n0} = first and t_{n+1} = t_n (a+n)(b+n) z / ((c+n)(n+1)): the Gauss
 * hypergeometric series from term n0 on. Throws ClvNumericError if it has not converged after maxTerms terms.
 */
export function hypergeometricTail(
  a: number,
  b: number,
  c: number,
  z: number,
  first: number,
  n0: number,
  maxTerms = MAX_SERIES_TERMS,
): number {
  if (!(Math.abs(z) < 1)) {
    throw new ClvNumericError(`hypergeometric series needs |z| < 1, got z = ${z}`);
  }
  let term = first;
  let sum = first;
  const absZ = Math.abs(z);
  for (let n = n0; n < n0 + maxTerms; n++) {
    if (term === 0) return sum; // a or b is a non-positive integer: the series terminates
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    // Once a + m, b + m and c + m are positive, (a+m)/(c+m) and (b+m)/(m+1) move monotonically towards
    // 1, so every later ratio is at most rho below and the tail after this term at most |term| rho / (1 - rho).
    const m = n + 1;
    if (a + m > 0 && b + m > 0 && c + m > 0) {
      const rho = absZ * Math.max((a + m) / (c + m), 1) * Math.max((b + m) / (m + 1), 1);
      if (rho < 1 && (Math.abs(term) * rho) / (1 - rho) <= SERIES_TOLERANCE * Math.abs(sum)) return sum;
    }
    if (!Number.isFinite(sum)) break;
  }
  throw new ClvNumericError(
    `hypergeometric series 2F1(${a}, ${b}; ${c}; ${z}) did not converge in ${maxTerms} terms ` +
      `(z this close to 1 means a horizon far longer than the fitted time scale)`,
  );
}

/** Gauss hypergeometric 2F1(a, b; c; z) for |z| < 1 by its power series; c must not be 0, -1, -2, .... */
export function hyp2f1(a: number, b: number, c: number, z: number, maxTerms = MAX_SERIES_TERMS): number {
  if (c <= 0 && Number.isInteger(c)) {
    throw new ClvNumericError(`2F1 is undefined for c = ${c} (a non-positive integer)`);
  }
  if (z === 0) return 1;
  return hypergeometricTail(a, b, c, z, 1, 0, maxTerms);
}
