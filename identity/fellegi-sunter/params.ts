// The model's parameters and the numeric guards every estimate and score shares.

/** One comparison between two records and its discrete levels; levels[0] is 'missing'. */
export interface ComparisonSpec {
  readonly name: string;
  /** Level names: [0] = 'missing' (no evidence), [1] = disagree, ..., [L-1] = exact agreement. */
  readonly levels: readonly string[];
}

/** A fitted Fellegi-Sunter model. m[c][0] and u[c][0] are 0: the missing level holds no probability. */
export interface FsParams {
  readonly comparisons: readonly ComparisonSpec[];
  /** Prior probability that a candidate pair is a match. */
  readonly lambda: number;
  /** m[c][level] = P(level | match), summing to 1 over levels 1..L-1. */
  readonly m: readonly (readonly number[])[];
  /** u[c][level] = P(level | non-match), summing to 1 over levels 1..L-1. */
  readonly u: readonly (readonly number[])[];
}

// Every probability is kept inside [MIN_PROBABILITY, 1 - MIN_PROBABILITY] so that log2(m/u) and the
// prior's log-odds stay finite (at most about ±19.9 bits per comparison) whatever the data.
export const MIN_PROBABILITY = 1e-6;
export const MAX_PROBABILITY = 1 - MIN_PROBABILITY;

/** Clamps a probability into [1e-6, 1 - 1e-6]. */
export function clampProbability(x: number): number {
  return x < MIN_PROBABILITY ? MIN_PROBABILITY : x > MAX_PROBABILITY ? MAX_PROBABILITY : x;
}

/** log2 of the prior odds, log2(lambda / (1 - lambda)): the weight of a pair with no evidence. */
export function priorWeight(params: Pick<FsParams, 'lambda'>): number {
  const lambda = clampProbability(params.lambda);
  return Math.log2(lambda / (1 - lambda));
}

/** Match probability of a match weight w (log2 posterior odds): 2^w / (1 + 2^w). */
export function weightToProbability(w: number): number {
  // 1 / (1 + 2^-w) never divides Infinity by Infinity, unlike the textbook form; exp is faster than pow.
  return 1 / (1 + Math.exp(-w * Math.LN2));
}
