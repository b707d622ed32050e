import { describe, expect, it } from 'vitest';
import { groupRfm } from './index.ts';

describe('groupRfm', () => {
  it('merges identical (x, tx, T) rows, summing weights, in order of first appearance', () => {
    const grouped = groupRfm({
      x: [0, 1, 0, 1, 1, 0],
      tx: [0, 3, 0, 3, 4, -0],
      T: [10, 10, 10, 10, 10, 11],
      weight: [1, 2, 3, 4, 5, 0.5],
    });
    expect(Array.from(grouped.x)).toEqual([0, 1, 1, 0]);
    expect(Array.from(grouped.tx)).toEqual([0, 3, 4, 0]);
    expect(Array.from(grouped.T)).toEqual([10, 10, 10, 11]);
    expect(Array.from(grouped.weight)).toEqual([4, 6, 5, 0.5]);
    expect(grouped.total).toBe(15.5);
  });

  it('drops rows of weight 0 and groups 100,000 rows of few distinct values to those values', () => {
    const n = 100_000;
    const x = Float64Array.from({ length: n }, (_, i) => i % 7);
    const tx = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : (i % 5) / 7));
    const T = Float64Array.from({ length: n }, () => 52);
    const weight = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 0 : 1));
    const grouped = groupRfm({ x, tx, T, weight });
    expect(grouped.x.length).toBe(1 + 6 * 5);
    expect(grouped.total).toBe(n - 1);
  });

  it('refuses negative weights', () => {
    expect(() => groupRfm({ x: [0], tx: [0], T: [1], weight: [-1] })).toThrowErrorMatchingInlineSnapshot(
      `[ClvInputError: row 0: weight = -1; a weight is a finite count >= 0]`,
    );
  });
});
