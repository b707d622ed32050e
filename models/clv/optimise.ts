// BFGS with a strong-Wolfe line search, for the few-parameter likelihoods of this folder. Small and
// deterministic: dense inverse Hessian, no randomness, the same answer for the same input.
import { ClvNumericError } from './errors.ts';

/** An objective to minimise: returns f(x) and writes ∇f(x) into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface MinimiseOptions {
  /** Converged when max |∂f/∂x_i| <= gradientTolerance * max(1, |f|). Default 1e-8. */
  readonly gradientTolerance?: number;
  /** Converged when a fresh restart improves f by no more than this, relative to |f|. Default 1e-13. */
  readonly valueTolerance?: number;
  /** Iteration cap over all restarts. Default 1000. */
  readonly maxIterations?: number;
  /** Fresh-Hessian restarts from the point found, to confirm it. Default 3. */
  readonly restarts?: number;
}

export interface MinimiseResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly gradient: Float64Array;
  /** BFGS iterations (line searches) over all restarts. */
  readonly iterations: number;
  /** Calls of the objective. */
  readonly evaluations: number;
  readonly converged: boolean;
}

const C1 = 1e-4; // sufficient decrease
const C2 = 0.9; // curvature: the usual quasi-Newton choice, so step 1 is accepted near the optimum
const MAX_LINE_SEARCH = 40;
const NOISE = 1e-14;

interface Point {
  x: Float64Array;
  f: number;
  g: Float64Array;
}

/** Minimises f from x0 by BFGS with strong-Wolfe line searches and restarts; deterministic. */
export function minimise(f: Objective, x0: ArrayLike<number>, options: MinimiseOptions = {}): MinimiseResult {
  const gradientTolerance = options.gradientTolerance ?? 1e-8;
  const valueTolerance = options.valueTolerance ?? 1e-13;
  const maxIterations = options.maxIterations ?? 1000;
  const restarts = options.restarts ?? 3;
  const n = x0.length;
  let evaluations = 0;
  const evaluate = (x: Float64Array): Point => {
    const g = new Float64Array(n);
    evaluations++;
    const value = f(x, g);
    return { x, f: Number.isFinite(value) && g.every(Number.isFinite) ? value : Infinity, g };
  };

  let point = evaluate(Float64Array.from(x0));
  if (point.f === Infinity) {
    throw new ClvNumericError(
      `the objective is not finite at the starting point [${Array.from(x0).join(', ')}]`,
    );
  }
  const gradientSmall = (p: Point): boolean => maxAbs(p.g) <= gradientTolerance * Math.max(1, Math.abs(p.f));

  let iterations = 0;
  let converged = gradientSmall(point);
  for (let run = 0; run <= restarts && !converged && iterations < maxIterations; run++) {
    const start = point.f;
    const result = bfgsRun(evaluate, point, maxIterations - iterations, gradientSmall, valueTolerance);
    point = result.point;
    iterations += result.iterations;
    // A run stops when the gradient is small or f stalls; a stall confirmed by a fresh run that gains
    // nothing more is the optimum to rounding (the gradient is then as small as rounding allows).
    converged = gradientSmall(point) || (run > 0 && start - point.f <= valueTolerance * Math.abs(point.f));
  }
  return { x: point.x, value: point.f, gradient: point.g, iterations, evaluations, converged };
}

function bfgsRun(
  evaluate: (x: Float64Array) => Point,
  start: Point,
  maxIterations: number,
  gradientSmall: (p: Point) => boolean,
  valueTolerance: number,
): { point: Point; iterations: number } {
  const n = start.x.length;
  const H = identity(n);
  let fresh = true;
  let point = start;
  let iterations = 0;
  while (iterations < maxIterations && !gradientSmall(point)) {
    iterations++;
    let p = multiply(H, point.g, -1);
    if (dot(p, point.g) >= 0) {
      resetIdentity(H);
      fresh = true;
      p = multiply(H, point.g, -1);
    }
    // The first step along -g has no scale yet: cap it at unit length in x.
    const initialStep = fresh ? Math.min(1, 1 / maxAbs(p)) : 1;
    const next = lineSearch(evaluate, point, p, initialStep);
    if (next === null) {
      if (fresh) break;
      resetIdentity(H);
      fresh = true;
      continue;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = next.x[i]! - point.x[i]!;
      y[i] = next.g[i]! - point.g[i]!;
    }
    const decrease = point.f - next.f;
    point = next;
    if (decrease <= valueTolerance * Math.abs(point.f)) break;
    const sy = dot(s, y);
    // The strong-Wolfe curvature condition makes s·y > 0; rounding can still break it near the optimum.
    if (!(sy > 1e-300)) continue;
    if (fresh) {
      // Scale the identity to the curvature seen along s before the first update (Nocedal & Wright 6.20).
      const scale = sy / dot(y, y);
      for (let i = 0; i < n; i++) H[i * n + i] = scale;
      fresh = false;
    }
    updateInverseHessian(H, s, y, sy);
  }
  return { point, iterations };
}

/** H <- (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ with ρ = 1 / sᵀy. */
function updateInverseHessian(H: Float64Array, s: Float64Array, y: Float64Array, sy: number): void {
  const n = s.length;
  const rho = 1 / sy;
  const Hy = multiply(H, y, 1);
  const yHy = dot(y, Hy);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      H[i * n + j] =
        H[i * n + j]! - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!;
    }
  }
}

/**
 * A step length along p meeting the strong Wolfe conditions (Nocedal & Wright, algorithms 3.5 and 3.6),
 * or failing that the best point with sufficient decrease; null when no step decreases f.
 */
function lineSearch(
  evaluate: (x: Float64Array) => Point,
  start: Point,
  p: Float64Array,
  step: number,
): Point | null {
  const f0 = start.f;
  const d0 = dot(start.g, p);
  const at = (alpha: number): { point: Point; d: number } => {
    const x = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) x[i] = start.x[i]! + alpha * p[i]!;
    const point = evaluate(x);
    return { point, d: dot(point.g, p) };
  };
  const armijo = (alpha: number, value: number): boolean => value <= f0 + C1 * alpha * d0;

  let best: Point | null = null;
  const consider = (alpha: number, point: Point): void => {
    if (armijo(alpha, point.f) && point.f < f0 && (best === null || point.f < best.f)) best = point;
  };

  let loAlpha = 0;
  let lo: { point: Point; d: number } = { point: start, d: d0 };
  let hiAlpha = 0;
  let hi: { point: Point; d: number } | null = null;
  let alpha = step;
  for (let i = 0; i < MAX_LINE_SEARCH; i++) {
    const trial = at(alpha);
    consider(alpha, trial.point);
    if (!armijo(alpha, trial.point.f) || (i > 0 && trial.point.f >= lo.point.f)) {
      hiAlpha = alpha;
      hi = trial;
      break;
    }
    if (Math.abs(trial.d) <= -C2 * d0) return trial.point;
    if (trial.d >= 0) {
      hiAlpha = loAlpha;
      hi = lo;
      loAlpha = alpha;
      lo = trial;
      break;
    }
    loAlpha = alpha;
    lo = trial;
    alpha *= 4;
  }
  if (hi === null) return best;

  for (let i = 0; i < MAX_LINE_SEARCH; i++) {
    const width = hiAlpha - loAlpha;
    // Stop once no step in the bracket can gain more than rounding noise in f: near the optimum the
    // gradient is still accurate but f no longer tells better from worse.
    if (Math.abs(width * d0) <= NOISE * Math.max(1, Math.abs(f0))) break;
    alpha = interpolate(loAlpha, lo.point.f, lo.d, hiAlpha, hi.point.f);
    const trial = at(alpha);
    consider(alpha, trial.point);
    if (!armijo(alpha, trial.point.f) || trial.point.f >= lo.point.f) {
      hiAlpha = alpha;
      hi = trial;
    } else {
      if (Math.abs(trial.d) <= -C2 * d0) return trial.point;
      if (trial.d * (hiAlpha - loAlpha) >= 0) {
        hiAlpha = loAlpha;
        hi = lo;
      }
      loAlpha = alpha;
      lo = trial;
    }
  }
  return best;
}

/** Minimiser of the quadratic through (lo, fLo, dLo) and (hi, fHi), kept inside the middle 80% of the bracket. */
function interpolate(lo: number, fLo: number, dLo: number, hi: number, fHi: number): number {
  const width = hi - lo;
  const curvature = fHi - fLo - dLo * width;
  let alpha =
    Number.isFinite(fHi) && curvature > 0 ? lo - (dLo * width * width) / (2 * curvature) : lo + width / 2;
  const a = lo + 0.1 * width;
  const b = lo + 0.9 * width;
  const min = Math.min(a, b);
  const max = Math.max(a, b);
  if (!(alpha >= min && alpha <= max)) alpha = lo + width / 2;
  return alpha;
}

/**
 * Whether a positive fitted parameter (relative to its scale) is far from 0 and infinity. Data whose likelihood has
 * no interior maximum (one customer, every customer alike) sends parameters off to 0 or infinity, where
 * the gradient also vanishes: that is no fit to use, so it is not reported as converged.
 */
export function isInterior(value: number): boolean {
  return value > 1e-8 && value < 1e8;
}

/** Wraps a value-only function as an Objective with central-difference gradients (about 7 significant digits). */
export function withNumericGradient(f: (x: Float64Array) => number): Objective {
  return (x, gradient) => {
    const probe = Float64Array.from(x);
    for (let i = 0; i < x.length; i++) {
      const h = 1e-5 * Math.max(1, Math.abs(x[i]!));
      probe[i] = x[i]! + h;
      const up = f(probe);
      probe[i] = x[i]! - h;
      const down = f(probe);
      probe[i] = x[i]!;
      gradient[i] = (up - down) / (2 * h);
    }
    return f(x);
  };
}

function identity(n: number): Float64Array {
  const H = new Float64Array(n * n);
  resetIdentity(H);
  return H;
}

function resetIdentity(H: Float64Array): void {
  const n = Math.round(Math.sqrt(H.length));
  H.fill(0);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
}

function multiply(H: Float64Array, v: Float64Array, sign: number): Float64Array {
  const n = v.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += H[i * n + j]! * v[j]!;
    out[i] = sign * sum;
  }
  return out;
}

function dot(u: Float64Array, v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < u.length; i++) sum += u[i]! * v[i]!;
  return sum;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}
