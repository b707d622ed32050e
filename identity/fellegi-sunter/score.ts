import { GammaError } from './errors.ts';
import { checkGamma, levelLayout, levelOutOfRange } from './gamma.ts';
import { priorWeight, weightToProbability } from './params.ts';
import type { FsParams } from './params.ts';
import { checkParams } from './schema.ts';
import { frequenciesByComparison, termFrequencyAdjustment } from './term-frequencies.ts';
import type { TermFrequencyAdjustment } from './term-frequencies.ts';
import { weightTable } from './weights.ts';

/** Scores of all pairs, in gamma's row order. */
export interface PairScores {
  /** Match weight: log2 posterior odds, the prior's log2(lambda / (1 - lambda)) plus every comparison's. */
  readonly weight: Float64Array;
  /** Match probability 2^w / (1 + 2^w). */
  readonly probability: Float64Array;
}

/** Match weight and probability of every pair, with term-frequency adjustment if tf is given. */
export function scorePairs(params: FsParams, gamma: Uint8Array, tf?: TermFrequencyAdjustment): PairScores {
  checkParams(params);
  const specs = params.comparisons;
  const pairs = checkGamma(specs, gamma);
  const layout = levelLayout(specs);
  const { comparisons: C, offset } = layout;
  const table = weightTable(layout, params.m, params.u);
  const prior = priorWeight(params);
  const weight = new Float64Array(pairs);
  for (let p = 0, i = 0; p < pairs; p++, i += C) {
    let w = prior;
    for (let c = 0; c < C; c++) w += table[offset[c]! + gamma[i + c]!]!;
    weight[p] = w;
  }
  if (tf) {
    frequenciesByComparison(params, tf.frequencies).forEach((frequencies, c) => {
      if (!frequencies) return;
      const top = layout.levels[c]! - 1;
      for (let p = 0, i = c; p < pairs; p++, i += C) {
        if (gamma[i] !== top) continue;
        const value = tf.values(p, c);
        const f = value === null ? undefined : frequencies.get(value);
        if (value !== null && f !== undefined)
          weight[p] = weight[p]! + termFrequencyAdjustment(params, c, value, f);
      }
    });
  }
  const probability = new Float64Array(pairs);
  for (let p = 0; p < pairs; p++) probability[p] = weightToProbability(weight[p]!);
  return { weight, probability };
}

/** One comparison's part of a pair's match weight. */
export interface ComparisonEvidence {
  readonly comparison: string;
  readonly level: string;
  /** log2(m/u) at the pair's level, term-frequency adjusted; 0 when missing. */
  readonly weight: number;
}

/**
 * Each comparison's contribution to pair p's match weight, for the evidence kept with review-queue
 * rows; the weights plus priorWeight(params) sum to scorePairs' weight of the pair.
 */
export function explainPair(
  params: FsParams,
  gamma: Uint8Array,
  p: number,
  tf?: TermFrequencyAdjustment,
): ComparisonEvidence[] {
  checkParams(params);
  const specs = params.comparisons;
  const C = specs.length;
  const pairs = Math.floor(gamma.length / C);
  if (gamma.length % C !== 0) checkGamma(specs, gamma);
  if (!Number.isInteger(p) || p < 0 || p >= pairs) {
    throw new GammaError(`pair ${p} is not in gamma; expected 0..${pairs - 1}`, p);
  }
  // Only this pair's row is checked: explaining a few rows must not cost a pass over millions.
  specs.forEach((spec, c) => {
    const level = gamma[p * C + c]!;
    if (level >= spec.levels.length) throw levelOutOfRange(spec, p, level);
  });
  const layout = levelLayout(specs);
  const table = weightTable(layout, params.m, params.u);
  const frequencies = tf ? frequenciesByComparison(params, tf.frequencies) : [];
  return specs.map((spec, c) => {
    const level = gamma[p * C + c]!;
    let weight = table[layout.offset[c]! + level]!;
    const map = frequencies[c];
    if (tf && map && level === spec.levels.length - 1) {
      const value = tf.values(p, c);
      const f = value === null ? undefined : map.get(value);
      if (value !== null && f !== undefined) weight += termFrequencyAdjustment(params, c, value, f);
    }
    return { comparison: spec.name, level: spec.levels[level]!, weight };
  });
}
