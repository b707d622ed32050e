import { describe, expect, it } from 'vitest';
import { backtest, backtestCutoffs, ForecastInputError } from './index.ts';

describe('rolling-origin backtest', () => {
  it('places cutoffs so that each has a full horizon, ending at n - h', () => {
    expect(backtestCutoffs(156, 13, 4, 13)).toEqual([104, 117, 130, 143]);
    expect(backtestCutoffs(156, 13, 3, 1)).toEqual([141, 142, 143]);
    expect(backtestCutoffs(20, 13, 4, 13)).toEqual([7]);
    expect(backtestCutoffs(13, 13, 4, 13)).toEqual([]);
  });

  it('fits on the values before each cutoff and scores the next h', () => {
    const y = [10, 12, 11, 13, 0, 14, 15, 9];
    const tested = backtest(y, { seasonLength: 1, horizon: 2, origins: 2, methods: ['naive'] });
    expect(tested.cutoffs).toEqual([4, 6]);
    // Cutoff 4: naive 13 against actuals 0, 14. Cutoff 6: naive 14 against 15, 9.
    expect(tested.rows).toEqual([
      {
        method: 'naive',
        cutoff: 4,
        absError: 14,
        absActual: 14,
        error: 12,
        absPercentError: 1 / 14,
        nonzeroPeriods: 1,
        periods: 2,
        wape: 1,
        mape: 1 / 14,
        bias: 12 / 14,
      },
      {
        method: 'naive',
        cutoff: 6,
        absError: 6,
        absActual: 24,
        error: 4,
        absPercentError: 1 / 15 + 5 / 9,
        nonzeroPeriods: 2,
        periods: 2,
        wape: 0.25,
        mape: (1 / 15 + 5 / 9) / 2,
        bias: 4 / 24,
      },
    ]);
  });

  it('records why a method could not run at a cutoff', () => {
    const tested = backtest([1, 2, 3, 4, 5, 6], {
      seasonLength: 4,
      horizon: 1,
      origins: 1,
      methods: ['seasonal-naive'],
    });
    expect(tested.skipped).toEqual([
      {
        method: 'seasonal-naive',
        cutoff: 5,
        reason: 'needs at least 8 values (two seasons of 4), the series has 5',
      },
    ]);
  });

  it('says how to fix bad options and values', () => {
    expect(() => backtest([1, 2], { seasonLength: 1, horizon: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[ForecastInputError: horizon = 0: give the number of periods to forecast, a whole number >= 1]`,
    );
    expect(() => backtest([1, 2], { seasonLength: 0, horizon: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[ForecastInputError: seasonLength = 0: give the number of periods per season as a whole number >= 1 (52 for weekly data with a yearly season, 12 for monthly, 1 for no season)]`,
    );
    expect(() =>
      backtest([1, 2], { seasonLength: 1, horizon: 1, methods: ['arima' as 'naive'] }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ForecastInputError: unknown forecast method 'arima': use naive, seasonal-naive, moving-average, theta, ets]`,
    );
    expect(() => backtest([1, NaN, 3], { seasonLength: 1, horizon: 1 })).toThrow(ForecastInputError);
    expect(() => backtest([1, NaN, 3], { seasonLength: 1, horizon: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[ForecastInputError: value 1 of the series is NaN: periods without data should be 0 (or the series cut before them)]`,
    );
    expect(() =>
      backtest([1, 2], { seasonLength: 1, horizon: 1, level: 95 }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ForecastInputError: level = 95: give the interval's coverage as a fraction in (0, 0.999], e.g. 0.8 for 80%]`,
    );
  });
});
