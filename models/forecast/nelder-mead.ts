// Nelder-Mead simplex minimisation (Lagarias et al. 1998 coefficients: reflect 1, expand 2, contract
// 1/2, shrink 1/2) for the ETS sum of squares, which is cheap, derivative-free in practice and often
// flat towards a bound. Deterministic: ties between vertices keep their order, nothing is random, and
// the simplex lives in preallocated arrays so that an evaluation allocates nothing.

export interface NelderMeadOptions {
  /** Offset of the initial vertices from x0 along each axis; default 1. */
  readonly step?: number;
  /** Converged when f_worst - f_best <= tolerance · (|f_best| + tolerance)... default 1e-8. */
  readonly tolerance?: number;
  /** ...and every vertex is within xTolerance of the best in every coordinate; default 1e-4. */
  readonly xTolerance?: number;
  /** Evaluation cap; default 200 per dimension. */
  readonly maxEvaluations?: number;
}

export interface NelderMeadResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

/** Minimises f from x0; a non-finite f counts as +Infinity (a point outside the feasible region). */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const d = x0.length;
  const step = options.step ?? 1;
  const tolerance = options.tolerance ?? 1e-8;
  const xTolerance = options.xTolerance ?? 1e-4;
  const maxEvaluations = options.maxEvaluations ?? 200 * d;
  const vertices = new Float64Array((d + 1) * d);
  const values = new Float64Array(d + 1);
  const order = new Int32Array(d + 1);
  const centroid = new Float64Array(d);
  const reflected = new Float64Array(d);
  const trial = new Float64Array(d);
  const point = new Float64Array(d);
  let evaluations = 0;
  const evaluate = (x: Float64Array): number => {
    evaluations++;
    const value = f(x);
    return Number.isNaN(value) ? Infinity : value;
  };
  const vertex = (i: number): Float64Array => vertices.subarray(i * d, (i + 1) * d);
  const store = (i: number, x: Float64Array, value: number): void => {
    vertices.set(x, i * d);
    values[i] = value;
  };

  for (let i = 0; i <= d; i++) {
    for (let j = 0; j < d; j++) point[j] = x0[j]! + (i > 0 && j === i - 1 ? step : 0);
    store(i, point, evaluate(point));
    order[i] = i;
  }

  let converged = false;
  for (;;) {
    sortOrder(order, values);
    const best = order[0]!;
    const worst = order[d]!;
    const fBest = values[best]!;
    const fWorst = values[worst]!;
    if (
      fWorst - fBest <= tolerance * (Math.abs(fBest) + tolerance) &&
      spread(vertices, order, d) <= xTolerance
    ) {
      converged = true;
      break;
    }
    if (evaluations >= maxEvaluations) break;
    const fSecond = values[order[d - 1]!]!;
    centroid.fill(0);
    for (let r = 0; r < d; r++) {
      const base = order[r]! * d;
      for (let j = 0; j < d; j++) centroid[j] = centroid[j]! + vertices[base + j]!;
    }
    for (let j = 0; j < d; j++) centroid[j] = centroid[j]! / d;
    const w = vertex(worst);
    for (let j = 0; j < d; j++) reflected[j] = centroid[j]! + (centroid[j]! - w[j]!);
    const fReflected = evaluate(reflected);
    if (fReflected < fBest) {
      for (let j = 0; j < d; j++) trial[j] = centroid[j]! + 2 * (centroid[j]! - w[j]!);
      const fExpanded = evaluate(trial);
      if (fExpanded < fReflected) store(worst, trial, fExpanded);
      else store(worst, reflected, fReflected);
      continue;
    }
    if (fReflected < fSecond) {
      store(worst, reflected, fReflected);
      continue;
    }
    // Outside contraction when the reflection beat the worst vertex, inside contraction otherwise.
    const outside = fReflected < fWorst;
    for (let j = 0; j < d; j++) {
      trial[j] = outside
        ? centroid[j]! + 0.5 * (reflected[j]! - centroid[j]!)
        : centroid[j]! + 0.5 * (w[j]! - centroid[j]!);
    }
    const fContracted = evaluate(trial);
    if (fContracted < (outside ? fReflected : fWorst)) {
      store(worst, trial, fContracted);
      continue;
    }
    const b = vertex(best);
    for (let i = 0; i <= d; i++) {
      if (i === best) continue;
      for (let j = 0; j < d; j++) point[j] = b[j]! + 0.5 * (vertices[i * d + j]! - b[j]!);
      store(i, point, evaluate(point));
    }
  }
  const best = order[0]!;
  return { x: Float64Array.from(vertex(best)), value: values[best]!, evaluations, converged };
}

/** Insertion sort of vertex indices by value; stable, so equal values keep their order. */
function sortOrder(order: Int32Array, values: Float64Array): void {
  for (let i = 1; i < order.length; i++) {
    const index = order[i]!;
    const value = values[index]!;
    let j = i - 1;
    while (j >= 0 && values[order[j]!]! > value) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = index;
  }
}

/** Largest coordinate distance of any vertex from the best one. */
function spread(vertices: Float64Array, order: Int32Array, d: number): number {
  const best = order[0]! * d;
  let largest = 0;
  for (let r = 1; r <= d; r++) {
    const base = order[r]! * d;
    for (let j = 0; j < d; j++)
      largest = Math.max(largest, Math.abs(vertices[base + j]! - vertices[best + j]!));
  }
  return largest;
}
