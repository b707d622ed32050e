import { describe, expect, it } from 'vitest';
import { bias, errorSums, mape, meanDefined, pooledWape, wape } from './index.ts';

describe('accuracy metrics', () => {
  it('WAPE = Σ|error| / Σ|actual|, bias = Σ(forecast - actual) / Σ|actual|, MAPE over nonzero actuals', () => {
    const sums = errorSums([12, 8, 5], [10, 10, 0]);
    expect(sums).toMatchObject({ absError: 9, absActual: 20, error: 5, nonzeroPeriods: 2, periods: 3 });
    expect(wape(sums)).toBe(9 / 20);
    expect(bias(sums)).toBe(5 / 20);
    // The period with actual 0 is left out of MAPE: (0.2 + 0.2) / 2.
    expect(mape(sums)).toBeCloseTo(0.2, 15);
  });

  it('is undefined, not a division by zero, when every actual is 0', () => {
    const sums = errorSums([1, 0, 2], [0, 0, 0]);
    expect(sums.absError).toBe(3);
    expect(wape(sums)).toBeUndefined();
    expect(bias(sums)).toBeUndefined();
    expect(mape(sums)).toBeUndefined();
    // A perfect forecast of zeros is undefined too: the ratio has nothing to scale by.
    expect(wape(errorSums([0, 0], [0, 0]))).toBeUndefined();
  });

  it('scores an all-zero forecast at WAPE 1 and bias -1', () => {
    const sums = errorSums([0, 0, 0], [5, 3, 2]);
    expect(wape(sums)).toBe(1);
    expect(bias(sums)).toBe(-1);
    expect(mape(sums)).toBe(1);
  });

  it('counts negative actuals (returns) by size in the denominator', () => {
    // Actuals 10 and -10 sum to 0 but |actual| sums to 20: WAPE stays defined.
    const sums = errorSums([8, -6], [10, -10]);
    expect(sums.absActual).toBe(20);
    expect(wape(sums)).toBe(6 / 20);
    expect(bias(sums)).toBe(2 / 20);
    expect(mape(sums)).toBeCloseTo((0.2 + 0.4) / 2, 15);
  });

  it('pools WAPE over rows by summing errors and actuals, and averages per-series WAPE where defined', () => {
    const a = errorSums([10, 10], [8, 12]); // 4 / 20
    const b = errorSums([1], [0]); // undefined WAPE, but its error still counts in the pool
    const c = errorSums([50], [100]); // 50 / 100
    expect(pooledWape([a, b, c])).toBe(55 / 120);
    expect(meanDefined([wape(a), wape(b), wape(c)])).toBeCloseTo((0.2 + 0.5) / 2, 15);
    expect(pooledWape([b])).toBeUndefined();
    expect(meanDefined([undefined])).toBeUndefined();
  });
});
