// Counts per level to smoothed, clamped probabilities: how both u (from random pairs) and the EM's
// m are estimated.
import type { LevelLayout } from './gamma.ts';
import { clampProbability } from './params.ts';

// Added to every non-missing level's (expected) count before normalising: keeps a level never seen
// among the matches from collapsing to 0, an absorbing state for EM, while weighing next to nothing
// against the thousands to millions of pairs the estimates come from.
export const PSEUDO_COUNT = 0.01;

/** Per-level counts of gamma's rows, each counted weights[row] times (default once), in a flat table. */
export function levelCounts(
  layout: LevelLayout,
  gamma: Uint8Array,
  weights: Float64Array | null = null,
): Float64Array {
  const { comparisons: C, offset } = layout;
  const counts = new Float64Array(layout.size);
  for (let r = 0, i = 0; i < gamma.length; r++, i += C) {
    const n = weights === null ? 1 : weights[r]!;
    for (let c = 0; c < C; c++) {
      const k = offset[c]! + gamma[i + c]!;
      counts[k] = counts[k]! + n;
    }
  }
  return counts;
}

/**
 * Probabilities of comparison c's levels from its counts: p[l] = clamp((n[l] + a) / (sum_{k>=1} n[k] + a(L-1)))
 * for l >= 1 with a = PSEUDO_COUNT; p[0] = 0, as 'missing' is no evidence and takes no share.
 */
export function levelProbabilities(layout: LevelLayout, counts: Float64Array, c: number): number[] {
  const offset = layout.offset[c]!;
  const L = layout.levels[c]!;
  let total = 0;
  for (let l = 1; l < L; l++) total += counts[offset + l]!;
  const probabilities = [0];
  for (let l = 1; l < L; l++) {
    probabilities.push(
      clampProbability((counts[offset + l]! + PSEUDO_COUNT) / (total + PSEUDO_COUNT * (L - 1))),
    );
  }
  return probabilities;
}
