import { checkGamma, levelLayout } from './gamma.ts';
import { levelCounts, levelProbabilities } from './level-counts.ts';
import type { ComparisonSpec } from './params.ts';
import { checkSpecs } from './schema.ts';

/**
 * u (per-level probabilities among non-matches) from the comparison vectors of pairs drawn at random,
 * nearly all of them non-matches. Missing levels are left out; a comparison missing in every pair
 * (or an empty sample) gets uniform u: no data, no preference.
 */
export function estimateU(specs: readonly ComparisonSpec[], randomGamma: Uint8Array): number[][] {
  checkSpecs(specs);
  checkGamma(specs, randomGamma);
  const layout = levelLayout(specs);
  const counts = levelCounts(layout, randomGamma);
  return specs.map((_, c) => levelProbabilities(layout, counts, c));
}
