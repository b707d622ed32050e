// Test support: comparison vectors drawn from a known model, so tests can check that the estimates
// recover it. Deterministic for a seed.
import type { ComparisonSpec } from './params.ts';

/** mulberry32: a small seeded PRNG giving floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The model the data is drawn from. */
export interface TrueModel {
  readonly specs: readonly ComparisonSpec[];
  readonly m: readonly (readonly number[])[];
  readonly u: readonly (readonly number[])[];
  /** Probability that comparison c is missing, for matches and non-matches alike. */
  readonly missing: readonly number[];
}

/** Six comparisons of person records, shaped like Chinese customer data (gender agrees half the time by chance). */
export const PERSON_MODEL: TrueModel = {
  specs: [
    { name: 'name', levels: ['missing', 'different', 'same_pinyin', 'exact'] },
    { name: 'birth_date', levels: ['missing', 'different', 'one_part_differs', 'exact'] },
    { name: 'address', levels: ['missing', 'different', 'same_city', 'exact'] },
    { name: 'phone', levels: ['missing', 'different', 'exact'] },
    { name: 'email', levels: ['missing', 'different', 'exact'] },
    { name: 'gender', levels: ['missing', 'different', 'exact'] },
  ],
  m: [
    [0, 0.05, 0.15, 0.8],
    [0, 0.03, 0.12, 0.85],
    [0, 0.2, 0.3, 0.5],
    [0, 0.3, 0.7],
    [0, 0.25, 0.75],
    [0, 0.02, 0.98],
  ],
  u: [
    [0, 0.9, 0.08, 0.02],
    [0, 0.95, 0.045, 0.005],
    [0, 0.7, 0.28, 0.02],
    [0, 0.995, 0.005],
    [0, 0.998, 0.002],
    [0, 0.5, 0.5],
  ],
  missing: [0.05, 0.2, 0.3, 0.4, 0.5, 0.1],
};

/** PERSON_MODEL plus a seventh comparison (national ID), the 7-comparison shape of the bench. */
export const PERSON_MODEL_7: TrueModel = {
  specs: [...PERSON_MODEL.specs, { name: 'national_id', levels: ['missing', 'different', 'exact'] }],
  m: [...PERSON_MODEL.m, [0, 0.05, 0.95]],
  u: [...PERSON_MODEL.u, [0, 0.99999, 0.00001]],
  missing: [...PERSON_MODEL.missing, 0.7],
};

/** Comparison vectors of `pairs` pairs, each a match with probability lambda. */
export function simulatePairs(
  model: TrueModel,
  pairs: number,
  lambda: number,
  random: () => number,
): { gamma: Uint8Array; isMatch: Uint8Array } {
  const C = model.specs.length;
  const gamma = new Uint8Array(pairs * C);
  const isMatch = new Uint8Array(pairs);
  const cumulative = (rows: readonly (readonly number[])[]): number[][] =>
    rows.map((row) => {
      let sum = 0;
      return row.map((x) => (sum += x));
    });
  const mCumulative = cumulative(model.m);
  const uCumulative = cumulative(model.u);
  for (let p = 0; p < pairs; p++) {
    const match = random() < lambda;
    isMatch[p] = match ? 1 : 0;
    const table = match ? mCumulative : uCumulative;
    for (let c = 0; c < C; c++) {
      if (random() < model.missing[c]!) continue;
      const row = table[c]!;
      const r = random() * row[row.length - 1]!;
      let level = 1;
      while (level < row.length - 1 && r >= row[level]!) level++;
      gamma[p * C + c] = level;
    }
  }
  return { gamma, isMatch };
}
