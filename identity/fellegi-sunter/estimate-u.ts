import { GammaError } from './errors.ts';
import { checkGamma, levelLayout } from './gamma.ts';
import { levelCounts, levelProbabilities } from './level-counts.ts';
import type { ComparisonSpec } from './params.ts';
import { checkSpecs } from './schema.ts';

/**
 * u (per-level probabilities among non-matches) from the comparison vectors of pairs drawn at random,
 * nearly all of them non-matches. Missing levels are left out; a comparison missing in every pair
 * (or an empty sample) gets uniform u: no data, no preference.
 */
export function estimateU(
  specs: readonly ComparisonSpec[],
  randomGamma: Uint8Array,
  weights: Float64Array | null = null,
): number[][] {
  checkSpecs(specs);
  const pairs = checkGamma(specs, randomGamma);
  if (weights !== null && weights.length !== pairs) {
    throw new GammaError(`estimateU: ${weights.length} weights for ${pairs} pairs; expected one per pair`);
  }
  const layout = levelLayout(specs);
  const counts = levelCounts(layout, randomGamma, weights);
  return specs.map((_, c) => levelProbabilities(layout, counts, c));
}
