// Area under the ROC curve as the Mann-Whitney statistic: the probability that a random positive scores
// above a random negative, a tie counting one half. Computed from mid-ranks (ties share the mean of the
// ranks they span) in O(n log n): AUC = (R₊ - n₊(n₊+1)/2) / (n₊ n₋), R₊ the positives' rank sum.
// Rank sums are whole or half numbers below 2^53 for any n that fits in memory, so U is exact.
import { StatsInputError } from './errors.ts';

export interface AucOptions {
  /** True (default) when a higher score means more likely positive; false scores the other way round. */
  readonly higherMeansPositive?: boolean;
}

/** Mann-Whitney AUC of scores against labels (ties one half); undefined when a class is empty. */
export function auc(
  scores: ArrayLike<number>,
  labels: ArrayLike<boolean | 0 | 1>,
  options: AucOptions = {},
): number | undefined {
  const n = scores.length;
  if (labels.length !== n) {
    throw new StatsInputError(`${n} scores but ${labels.length} labels: give one label per score`);
  }
  const sign = options.higherMeansPositive === false ? -1 : 1;
  const keys = new Float64Array(n);
  const positive = new Uint8Array(n);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const score = scores[i]!;
    if (Number.isNaN(score)) throw new StatsInputError(`score ${i} is NaN: every row needs a score`, i);
    const label = labels[i];
    if (label === true || label === 1) {
      positive[i] = 1;
      positives++;
    } else if (label !== false && label !== 0) {
      throw new StatsInputError(`label ${i} is ${String(label)}: use true/false or 1/0`, i);
    }
    // + 0 turns -0 into 0 so that the two compare as the tie they are.
    keys[i] = sign * score + 0;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return undefined;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => keys[a]! - keys[b]! || a - b);
  let positiveRankSum = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && keys[order[end]!] === keys[order[start]!]) end++;
    // Ranks start+1..end share their mean.
    const midRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) if (positive[order[i]!] === 1) positiveRankSum += midRank;
    start = end;
  }
  const u = positiveRankSum - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}
