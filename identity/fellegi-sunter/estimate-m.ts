// EM for m and lambda on the candidate (blocked) pairs, u fixed by default as in Splink (u from random
// pairs is reliable; u from blocked pairs is not, blocking having thrown most non-matches away).
import { z } from 'zod';
import { FsParamsError } from './errors.ts';
import { checkGamma, levelLayout } from './gamma.ts';
import type { LevelLayout } from './gamma.ts';
import { levelCounts, levelProbabilities, PSEUDO_COUNT } from './level-counts.ts';
import { clampProbability, priorWeight } from './params.ts';
import type { ComparisonSpec, FsParams } from './params.ts';
import { checkLevelTable, checkSpecs, formatIssues } from './schema.ts';
import { distinctPatterns } from './patterns.ts';
import type { Patterns } from './patterns.ts';
import { weightTable } from './weights.ts';

const EmOptionsSchema = z
  .object({
    /** Iterations at most; Splink's default. */
    maxIterations: z.int().min(1).default(25),
    /** Converged when no parameter (lambda, any m or, with fixU false, any u) moved by this much. */
    tolerance: z.number().positive().default(1e-4),
    /** Starting m; default: more weight on the higher (more agreeing) levels, see defaultInitialM. */
    initialM: z.array(z.array(z.number())).optional(),
    /** Starting lambda. */
    initialLambda: z.number().gt(0).lt(1).default(0.01),
    /** Keep u as given (default); false re-estimates u too, starting from the given u. */
    fixU: z.boolean().default(true),
  })
  .strict();
export type EmOptions = z.input<typeof EmOptionsSchema>;

/** One EM iteration, for the run log. */
export interface EmIteration {
  /** 1-based. */
  readonly iteration: number;
  /**
   * Natural log-likelihood of the candidate pairs under the parameters the iteration started from;
   * null when too many pairs are distinct to group them and a log per pair would slow the pass.
   */
  readonly logLikelihood: number | null;
  /** lambda after the iteration's update. */
  readonly lambda: number;
  /** Largest absolute change of lambda, m (and u when not fixed) in the update. */
  readonly maxChange: number;
}

export interface EmResult {
  readonly params: FsParams;
  readonly iterations: number;
  readonly converged: boolean;
  readonly history: readonly EmIteration[];
}

/**
 * EM estimate of m and lambda (and u if fixU is false) on the candidate pairs' comparison vectors.
 * Stops after maxIterations or once no parameter changes by tolerance or more. Without candidate
 * pairs it returns the starting parameters after 0 iterations, converged false.
 */
export function estimateM(
  specs: readonly ComparisonSpec[],
  gamma: Uint8Array,
  u: readonly (readonly number[])[],
  opts: EmOptions = {},
): EmResult {
  const parsed = EmOptionsSchema.safeParse(opts, { reportInput: true });
  if (!parsed.success) throw new FsParamsError(`invalid EM options:\n${formatIssues(parsed.error.issues)}`);
  const { maxIterations, tolerance, initialLambda, fixU } = parsed.data;
  checkSpecs(specs);
  checkLevelTable(specs, u, 'u');
  const initialM = parsed.data.initialM ?? defaultInitialM(specs);
  checkLevelTable(specs, initialM, 'initialM');
  const pairs = checkGamma(specs, gamma);

  const layout = levelLayout(specs);
  const patterns = distinctPatterns(layout, gamma);
  // Counts per level never change: with u re-estimated, the non-matches' expected counts are these
  // minus the matches'.
  const totals = levelCounts(layout, patterns.rows, patterns.counts);
  const matchCounts = new Float64Array(layout.size);
  let m = initialM.map((row) => row.map((x, l) => (l === 0 ? 0 : clampProbability(x))));
  let uNow = u.map((row) => row.map((x, l) => (l === 0 ? 0 : clampProbability(x))));
  let lambda = clampProbability(initialLambda);
  const history: EmIteration[] = [];
  let converged = false;

  // No candidate pairs: nothing to learn from; the starting point comes back, not converged.
  for (let iteration = 1; iteration <= maxIterations && pairs > 0; iteration++) {
    const table = weightTable(layout, m, uNow);
    const { sumProbability, sumLogMixture } = expectation(
      layout,
      patterns,
      table,
      priorWeight({ lambda }),
      matchCounts,
    );
    const logLikelihood =
      sumLogMixture === null
        ? null
        : sumLogMixture + pairs * Math.log(1 - lambda) + sumLogU(layout, totals, uNow);

    const nextLambda = clampProbability((sumProbability + PSEUDO_COUNT) / (pairs + 2 * PSEUDO_COUNT));
    const nextM = specs.map((_, c) => levelProbabilities(layout, matchCounts, c));
    let nextU = uNow;
    if (!fixU) {
      const nonMatchCounts = totals.map((n, k) => Math.max(0, n - matchCounts[k]!));
      nextU = specs.map((_, c) => levelProbabilities(layout, nonMatchCounts, c));
    }
    const maxChange = Math.max(
      Math.abs(nextLambda - lambda),
      largestChange(m, nextM),
      largestChange(uNow, nextU),
    );
    lambda = nextLambda;
    m = nextM;
    uNow = nextU;
    history.push({ iteration, logLikelihood, lambda, maxChange });
    if (maxChange < tolerance) {
      converged = true;
      break;
    }
  }
  return {
    params: { comparisons: specs, lambda, m, u: uNow },
    iterations: history.length,
    converged,
    history,
  };
}

/**
 * The E-step, one pass over the comparison vectors: each vector's match weight
 * w = prior + sum_c table[c][gamma], its match probability 1 / (1 + 2^-w) times its number of pairs
 * added into matchCounts at each of its levels.
 */
function expectation(
  layout: LevelLayout,
  { rows, counts }: Patterns,
  table: Float64Array,
  prior: number,
  matchCounts: Float64Array,
): { sumProbability: number; sumLogMixture: number | null } {
  const C = layout.comparisons;
  const offset = layout.offset;
  matchCounts.fill(0);
  let sumProbability = 0;
  let sumLogMixture = 0;
  for (let r = 0, i = 0; i < rows.length; r++, i += C) {
    let w = prior;
    for (let c = 0; c < C; c++) w += table[offset[c]! + rows[i + c]!]!;
    const n = counts === null ? 1 : counts[r]!;
    const odds = Math.exp(-w * Math.LN2);
    const expected = n / (1 + odds);
    sumProbability += expected;
    // n ln(1 + 2^w): the vector's log-likelihood beyond its non-match part n ln((1 - lambda) prod u).
    // Skipped on gamma itself (no grouping), where a log per pair would double the pass's cost.
    if (counts !== null) sumLogMixture += n * (w * Math.LN2 + Math.log1p(odds));
    for (let c = 0; c < C; c++) {
      const k = offset[c]! + rows[i + c]!;
      matchCounts[k] = matchCounts[k]! + expected;
    }
  }
  return { sumProbability, sumLogMixture: counts === null ? null : sumLogMixture };
}

// sum over pairs and non-missing comparisons of ln u[c][gamma], from the level counts.
function sumLogU(layout: LevelLayout, totals: Float64Array, u: readonly (readonly number[])[]): number {
  let sum = 0;
  for (let c = 0; c < layout.comparisons; c++) {
    for (let l = 1; l < layout.levels[c]!; l++) sum += totals[layout.offset[c]! + l]! * Math.log(u[c]![l]!);
  }
  return sum;
}

function largestChange(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  let max = 0;
  a.forEach((row, c) => row.forEach((x, l) => (max = Math.max(max, Math.abs(x - b[c]![l]!)))));
  return max;
}

/**
 * Starting m: level l (1..L-1) proportional to 4^(l-1), so exact agreement is the likeliest level
 * among matches (for 3 levels: disagree 0.2, exact 0.8). Far from typical u, so EM starts off m = u,
 * where it would not move.
 */
export function defaultInitialM(specs: readonly ComparisonSpec[]): number[][] {
  return specs.map((spec) => {
    const L = spec.levels.length;
    const total = (Math.pow(4, L - 1) - 1) / 3;
    return spec.levels.map((_, l) => (l === 0 ? 0 : Math.pow(4, l - 1) / total));
  });
}
