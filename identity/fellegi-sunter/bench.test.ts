// Bench-sized run: one million candidate pairs of seven comparisons through the whole model. No
// timing assertion (shared CI runners vary); `npm run bench`-style timings are in CONTEXT.md.
import { describe, expect, it } from 'vitest';
import { estimateM, estimateU, explainPair, priorWeight, scorePairs } from './index.ts';
import { mulberry32, PERSON_MODEL_7, simulatePairs } from './simulate.ts';

describe('1M pairs × 7 comparisons', () => {
  const { specs } = PERSON_MODEL_7;
  const candidates = simulatePairs(PERSON_MODEL_7, 1_000_000, 0.05, mulberry32(61));
  const random = simulatePairs(PERSON_MODEL_7, 200_000, 0, mulberry32(62));

  it('estimates, scores and explains', () => {
    const u = estimateU(specs, random.gamma);
    const fit = estimateM(specs, candidates.gamma, u);
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.params.lambda - 0.05)).toBeLessThan(0.005);
    fit.params.m.forEach((row, c) =>
      row.forEach((x, l) => expect(Math.abs(x - PERSON_MODEL_7.m[c]![l]!)).toBeLessThan(0.03)),
    );

    const { weight, probability } = scorePairs(fit.params, candidates.gamma);
    expect(weight).toHaveLength(1_000_000);
    expect(weight.every(Number.isFinite)).toBe(true);
    expect(probability.every((x) => x >= 0 && x <= 1)).toBe(true);
    let matchesAboveHalf = 0;
    let aboveHalf = 0;
    for (let p = 0; p < probability.length; p++) {
      if (probability[p]! > 0.5) {
        aboveHalf++;
        matchesAboveHalf += candidates.isMatch[p]!;
      }
    }
    expect(matchesAboveHalf / aboveHalf).toBeGreaterThan(0.95);

    const best = weight.reduce((top, w, p) => (w > weight[top]! ? p : top), 0);
    const evidence = explainPair(fit.params, candidates.gamma, best);
    expect(evidence.reduce((s, e) => s + e.weight, priorWeight(fit.params))).toBeCloseTo(weight[best]!, 9);
  });
});
