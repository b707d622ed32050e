import { describe, expect, it } from 'vitest';
import { forecastWith, type MethodResult } from './index.ts';

const y = [3, 5, 4, 6, 8, 7, 9, 12];

function ok(result: MethodResult): Extract<MethodResult, { ok: true }> {
  if (!result.ok) throw new Error(result.reason);
  return result;
}

describe('naive', () => {
  it('repeats the last value', () => {
    const f = ok(forecastWith('naive', y, 5, { seasonLength: 4 }));
    expect(Array.from(f.mean)).toEqual([12, 12, 12, 12, 12]);
  });

  it('widens its 80% interval with √h from the RMS of the one-step changes, as forecast::naive', () => {
    // Changes 2, -1, 2, 2, -1, 2, 3: σ² = 27/7.
    const f = ok(forecastWith('naive', y, 5, { seasonLength: 4 }));
    expect(f.sigma).toBe(Math.sqrt(27 / 7));
    const rLower = [
      9.483082690244018, 8.440541405171484, 7.640571341053064, 6.966165380488034, 6.372001801639728,
    ];
    const rUpper = [
      14.516917309755982, 15.559458594828516, 16.359428658946936, 17.033834619511964, 17.627998198360274,
    ];
    f.lower.forEach((v, k) => expect(v).toBeCloseTo(rLower[k]!, 12));
    f.upper.forEach((v, k) => expect(v).toBeCloseTo(rUpper[k]!, 12));
  });

  it('needs two values', () => {
    expect(forecastWith('naive', [5], 3, { seasonLength: 1 })).toEqual({
      ok: false,
      method: 'naive',
      reason: 'needs at least 2 values (one to repeat and one residual), the series has 1',
    });
  });
});

describe('seasonal naive', () => {
  it('repeats the last season, wrapping past one season ahead', () => {
    const f = ok(forecastWith('seasonal-naive', y, 6, { seasonLength: 4 }));
    expect(Array.from(f.mean)).toEqual([8, 7, 9, 12, 8, 7]);
  });

  it('widens by √(⌊(h-1)/m⌋ + 1), as forecast::snaive', () => {
    // Seasonal differences 5, 2, 5, 6: σ² = 90/4.
    const f = ok(forecastWith('seasonal-naive', y, 6, { seasonLength: 4 }));
    expect(f.sigma).toBe(Math.sqrt(90 / 4));
    const rLower = [
      1.921067170886745, 0.921067170886745, 2.921067170886745, 5.921067170886745, -0.596909251687014,
      -1.596909251687014,
    ];
    f.lower.forEach((v, k) => expect(v).toBeCloseTo(rLower[k]!, 12));
    expect(f.upper[5]).toBeCloseTo(15.596909251687014, 12);
  });

  it('needs two full seasons', () => {
    const result = forecastWith('seasonal-naive', y.slice(1), 2, { seasonLength: 4 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe('needs at least 8 values (two seasons of 4), the series has 7');
  });

  it('is the naive forecast when the season is one period', () => {
    const f = ok(forecastWith('seasonal-naive', [1, 4, 2], 2, { seasonLength: 1 }));
    expect(Array.from(f.mean)).toEqual([2, 2]);
  });
});

describe('intervals', () => {
  it('follow the level option and can be left out', () => {
    const wide = ok(forecastWith('naive', y, 2, { seasonLength: 1, level: 0.95 }));
    expect(wide.upper[0]! - wide.mean[0]!).toBeCloseTo(1.959963984540054 * Math.sqrt(27 / 7), 12);
    const none = ok(forecastWith('naive', y, 2, { seasonLength: 1, intervals: false }));
    expect(none.lower.length).toBe(0);
    expect(none.upper.length).toBe(0);
  });
});
