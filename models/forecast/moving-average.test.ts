import { describe, expect, it } from 'vitest';
import { forecastWith } from './index.ts';

describe('moving average', () => {
  const y = [4, 8, 6, 10, 12, 2, 8];

  it('forecasts the mean of the last k values for every period', () => {
    const f = forecastWith('moving-average', y, 3, { seasonLength: 1, window: 3 });
    if (!f.ok) throw new Error(f.reason);
    // (12 + 2 + 8) / 3
    expect(Array.from(f.mean)).toEqual([22 / 3, 22 / 3, 22 / 3]);
    expect(f.model).toBe('MA(3)');
  });

  it('takes σ from the one-step residuals and keeps the interval width constant', () => {
    // Residuals: 10 - 6, 12 - 8, 2 - 28/3, 8 - 8 = 4, 4, -22/3, 0.
    const f = forecastWith('moving-average', y, 3, { seasonLength: 1, window: 3 });
    if (!f.ok) throw new Error(f.reason);
    const sigma = Math.sqrt((16 + 16 + (22 / 3) ** 2 + 0) / 4);
    expect(f.sigma).toBeCloseTo(sigma, 14);
    for (let k = 0; k < 3; k++) expect(f.upper[k]! - f.mean[k]!).toBeCloseTo(1.2815515655446004 * sigma, 12);
  });

  it('defaults to a window of 4 and needs window + 1 values', () => {
    const f = forecastWith('moving-average', [1, 2, 3, 4, 5], 1, { seasonLength: 1 });
    expect(f.ok && Array.from(f.mean)).toEqual([3.5]);
    const short = forecastWith('moving-average', [1, 2, 3, 4], 1, { seasonLength: 1 });
    expect(short.ok).toBe(false);
  });
});
