import { describe, expect, it } from 'vitest';
import {
  estimateM,
  estimateU,
  explainPair,
  FsParamsError,
  GammaError,
  priorWeight,
  scorePairs,
} from './index.ts';
import type { FsParams, TermFrequencyAdjustment } from './index.ts';
import { mulberry32, PERSON_MODEL, simulatePairs } from './simulate.ts';

const { specs } = PERSON_MODEL;
const TRUE_PARAMS: FsParams = { comparisons: specs, lambda: 0.05, m: PERSON_MODEL.m, u: PERSON_MODEL.u };
const row = (...levels: number[]): Uint8Array => new Uint8Array(levels);

describe('scorePairs', () => {
  it('ranks true matches above non-matches with estimated params (AUC > 0.98)', () => {
    const random = simulatePairs(PERSON_MODEL, 100_000, 0, mulberry32(21));
    const candidates = simulatePairs(PERSON_MODEL, 100_000, 0.05, mulberry32(22));
    const { params } = estimateM(specs, candidates.gamma, estimateU(specs, random.gamma));
    const { weight, probability } = scorePairs(params, candidates.gamma);
    expect(auc(weight, candidates.isMatch)).toBeGreaterThan(0.98);
    // Probabilities are calibrated well enough that their sum estimates the number of matches.
    const expected = probability.reduce((a, b) => a + b, 0);
    const actual = candidates.isMatch.reduce((a, b) => a + b, 0);
    expect(Math.abs(expected - actual) / actual).toBeLessThan(0.05);
  });

  it('weighs a pair as the prior plus log2(m/u) of each comparison, probability 2^w / (1 + 2^w)', () => {
    const { weight, probability } = scorePairs(TRUE_PARAMS, row(3, 1, 2, 2, 1, 2));
    const expected =
      Math.log2(0.05 / 0.95) +
      Math.log2(0.8 / 0.02) +
      Math.log2(0.03 / 0.95) +
      Math.log2(0.3 / 0.28) +
      Math.log2(0.7 / 0.005) +
      Math.log2(0.25 / 0.998) +
      Math.log2(0.98 / 0.5);
    expect(weight[0]).toBeCloseTo(expected, 12);
    expect(probability[0]).toBeCloseTo(2 ** expected / (1 + 2 ** expected), 12);
  });

  it('gives missing comparisons weight 0', () => {
    const { weight } = scorePairs(TRUE_PARAMS, row(0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 3, 1, 0, 0, 0, 0));
    expect(weight[0]).toBeCloseTo(priorWeight(TRUE_PARAMS), 12);
    expect(weight[1]).toBeCloseTo(priorWeight(TRUE_PARAMS) + Math.log2(0.8 / 0.02), 12);
    expect(weight[2]).toBeCloseTo(weight[1]! + Math.log2(0.03 / 0.95), 12);
    expect(explainPair(TRUE_PARAMS, row(0, 0, 0, 0, 0, 0), 0).map((e) => e.weight)).toEqual([
      0, 0, 0, 0, 0, 0,
    ]);
  });

  it('keeps weights finite when m or u is 0 or 1', () => {
    const extreme: FsParams = {
      ...TRUE_PARAMS,
      m: TRUE_PARAMS.m.map((r) => r.map((_, l) => (l === r.length - 1 ? 1 : 0))),
      u: TRUE_PARAMS.u.map((r) => r.map((_, l) => (l === 1 ? 1 : 0))),
    };
    const { weight, probability } = scorePairs(extreme, row(3, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1));
    expect(weight.every(Number.isFinite)).toBe(true);
    expect(weight[0]).toBeCloseTo(priorWeight(extreme) + 6 * Math.log2((1 - 1e-6) / 1e-6), 9);
    expect(probability[0]).toBeCloseTo(1, 12);
    expect(probability[1]).toBeCloseTo(0, 12);
  });

  it('refuses gamma and params that do not fit', () => {
    expect(() => scorePairs(TRUE_PARAMS, row(4, 0, 0, 0, 0, 0))).toThrow(GammaError);
    expect(() => scorePairs({ ...TRUE_PARAMS, lambda: 0 }, row(0, 0, 0, 0, 0, 0)))
      .toThrowErrorMatchingInlineSnapshot(`
      [FsParamsError: invalid params:
        lambda: expected a probability strictly between 0 and 1; found 0]
    `);
  });
});

describe('term-frequency adjustment', () => {
  // Both pairs agree exactly on name (and nothing else is known): one on a common name, one on a rare one.
  const gamma = row(3, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0);
  const names = ['王伟', '欧阳娜娜', '无频率', '王伟'];
  const tf: TermFrequencyAdjustment = {
    frequencies: {
      0: new Map([
        ['王伟', 0.08],
        ['欧阳娜娜', 0.00001],
      ]),
    },
    values: (p, c) => (c === 0 ? names[p]! : null),
  };

  it('weakens an exact match on a frequent value, by log2(tf / u) when tf > u', () => {
    const plain = scorePairs(TRUE_PARAMS, gamma).weight;
    const adjusted = scorePairs(TRUE_PARAMS, gamma, tf).weight;
    expect(adjusted[0]).toBeLessThan(adjusted[1]!);
    expect(adjusted[0]).toBeCloseTo(plain[0]! - Math.log2(0.08 / 0.02), 12);
    // A value rarer than u keeps the comparison's weight; a value without a frequency is not adjusted.
    expect(adjusted[1]).toBeCloseTo(plain[1]!, 12);
    expect(adjusted[2]).toBeCloseTo(plain[2]!, 12);
    // Only exact agreement is adjusted, not the same_pinyin level.
    expect(adjusted[3]).toBeCloseTo(plain[3]!, 12);
  });

  it('is asked for values only at the exact level of comparisons with frequencies', () => {
    const asked: string[] = [];
    scorePairs(TRUE_PARAMS, gamma, { ...tf, values: (p, c) => (asked.push(`${p}:${c}`), null) });
    expect(asked).toEqual(['0:0', '1:0', '2:0']);
  });

  it('refuses frequencies for unknown comparisons and frequencies outside 0..1', () => {
    expect(() =>
      scorePairs(TRUE_PARAMS, gamma, { frequencies: { 6: new Map() }, values: () => null }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[FsParamsError: term frequencies given for comparison index 6; expected indices 0..5 (name, birth_date, address, phone, email, gender)]`,
    );
    expect(() =>
      scorePairs(TRUE_PARAMS, gamma, { frequencies: { 0: new Map([['王伟', 8]]) }, values: () => '王伟' }),
    ).toThrow(/term frequency of "王伟" for comparison "name" is 8; expected a relative frequency/);
  });
});

describe('explainPair', () => {
  const candidates = simulatePairs(PERSON_MODEL, 2_000, 0.2, mulberry32(31));
  const tf: TermFrequencyAdjustment = {
    frequencies: [new Map([['a', 0.5]]), new Map([['a', 0.5]])],
    values: (p) => (p % 2 === 0 ? 'a' : 'b'),
  };

  it('gives weights that, with the prior, sum to the pair weight (with and without TF)', () => {
    for (const adjustment of [undefined, tf]) {
      const { weight } = scorePairs(TRUE_PARAMS, candidates.gamma, adjustment);
      for (let p = 0; p < 2_000; p += 7) {
        const evidence = explainPair(TRUE_PARAMS, candidates.gamma, p, adjustment);
        const sum = evidence.reduce((s, e) => s + e.weight, priorWeight(TRUE_PARAMS));
        expect(sum).toBeCloseTo(weight[p]!, 10);
      }
    }
  });

  it('names each comparison and its level', () => {
    expect(explainPair(TRUE_PARAMS, row(0, 0, 0, 0, 0, 0, 3, 1, 2, 0, 1, 2), 1, tf)).toEqual([
      { comparison: 'name', level: 'exact', weight: Math.log2(0.8 / 0.02) },
      { comparison: 'birth_date', level: 'different', weight: Math.log2(0.03 / 0.95) },
      { comparison: 'address', level: 'same_city', weight: Math.log2(0.3 / 0.28) },
      { comparison: 'phone', level: 'missing', weight: 0 },
      { comparison: 'email', level: 'different', weight: Math.log2(0.25 / 0.998) },
      { comparison: 'gender', level: 'exact', weight: Math.log2(0.98 / 0.5) },
    ]);
  });

  it('refuses a pair not in gamma and a level out of range in the pair', () => {
    expect(() => explainPair(TRUE_PARAMS, row(0, 0, 0, 0, 0, 0), 1)).toThrow(
      /pair 1 is not in gamma; expected 0..0/,
    );
    expect(() => explainPair(TRUE_PARAMS, row(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9), 1)).toThrow(
      /pair 1, comparison "gender": level 9 is out of range/,
    );
    expect(() => explainPair(TRUE_PARAMS, row(0, 0, 0), 0)).toThrow(GammaError);
    expect(() => explainPair({ ...TRUE_PARAMS, m: [] }, row(0, 0, 0, 0, 0, 0), 0)).toThrow(FsParamsError);
  });
});

// Area under the ROC curve: the chance a random match outweighs a random non-match, ties counting half.
function auc(weight: Float64Array, isMatch: Uint8Array): number {
  const order = Array.from(weight.keys()).sort((a, b) => weight[a]! - weight[b]!);
  let rankSum = 0;
  let matches = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && weight[order[j]!] === weight[order[i]!]) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (isMatch[order[k]!]) {
        rankSum += midRank;
        matches++;
      }
    }
    i = j;
  }
  const nonMatches = order.length - matches;
  return (rankSum - (matches * (matches + 1)) / 2) / (matches * nonMatches);
}
