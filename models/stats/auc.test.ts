import { describe, expect, it } from 'vitest';
import { auc, StatsInputError } from './index.ts';

/** The definition, pair by pair: O(n₊ n₋), for checking the rank formula. */
function aucByPairs(scores: number[], labels: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (!labels[i]) return;
    scores.forEach((q, j) => {
      if (labels[j]) return;
      pairs++;
      wins += p > q ? 1 : p === q ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('auc (Mann-Whitney, ties one half)', () => {
  it('is 1 for a perfect separation and 0 for a perfectly wrong one', () => {
    expect(auc([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(auc([1, 2, 3, 4], [1, 1, 0, 0])).toBe(0);
  });

  it('counts a tie between a positive and a negative as one half', () => {
    // Positives {2, 3}, negatives {1, 2}: 2>1 wins, 2=2 half, 3>1 and 3>2 win: 3.5 of 4 pairs.
    expect(auc([1, 2, 2, 3], [0, 1, 0, 1])).toBe(0.875);
    // Positives {5, 5}, negatives {5, 1, 5}: each positive beats 1 and ties two 5s: (1 + 1) * 2 / 6.
    expect(auc([5, 5, 5, 1, 5], [true, true, false, false, false])).toBeCloseTo(4 / 6, 15);
    // Everything tied: one half, whatever the labels.
    expect(auc([7, 7, 7, 7, 7], [1, 0, 0, 1, 0])).toBe(0.5);
  });

  it('ties within one class change nothing', () => {
    // Positives {3, 3}, negatives {1, 2}: all four pairs won.
    expect(auc([3, 3, 1, 2], [1, 1, 0, 0])).toBe(1);
  });

  it('scores the other way round with higherMeansPositive: false (ties stay one half)', () => {
    expect(auc([1, 2, 2, 3], [0, 1, 0, 1], { higherMeansPositive: false })).toBe(0.125);
    expect(auc([10, 80, 40, 40], [true, false, true, false], { higherMeansPositive: false })).toBe(
      1 - (auc([10, 80, 40, 40], [true, false, true, false]) as number),
    );
  });

  it('treats -0 and 0 as a tie', () => {
    expect(auc([-0, 0], [1, 0])).toBe(0.5);
  });

  it('agrees with the pair-by-pair definition on data with many ties', () => {
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const scores = Array.from({ length: 400 }, () => Math.floor(next() * 12));
    const labels = scores.map((s) => next() < 0.2 + s / 20);
    expect(auc(scores, labels)).toBeCloseTo(aucByPairs(scores, labels), 14);
  });

  it('is undefined when a class is empty', () => {
    expect(auc([1, 2, 3], [1, 1, 1])).toBeUndefined();
    expect(auc([1, 2, 3], [false, false, false])).toBeUndefined();
    expect(auc([], [])).toBeUndefined();
  });

  it('rejects mismatched lengths, NaN scores and labels that are not 0/1', () => {
    expect(() => auc([1, 2], [1])).toThrowErrorMatchingInlineSnapshot(
      `[StatsInputError: 2 scores but 1 labels: give one label per score]`,
    );
    expect(() => auc([1, NaN], [1, 0])).toThrow(StatsInputError);
    expect(() => auc([1, 2], [1, 2 as 1])).toThrowErrorMatchingInlineSnapshot(
      `[StatsInputError: label 1 is 2: use true/false or 1/0]`,
    );
  });
});
