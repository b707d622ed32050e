import { describe, expect, it } from 'vitest';
import { backtest, forecastSeries, selectMethod, type SeriesBacktest } from './index.ts';

const weekly = { seasonLength: 52, horizon: 13, origins: 4 } as const;

describe('method selection', () => {
  it('chooses the lowest backtest WAPE', () => {
    // A clean repeating season: seasonal naive is exact, everything else is not.
    const y = Array.from({ length: 30 }, (_, t) => [10, 20, 30, 40, 50][t % 5]!);
    const result = forecastSeries(y, { seasonLength: 5, horizon: 5, origins: 2 });
    expect(result.selection.method).toBe('seasonal-naive');
    expect(result.selection.reason).toBe('lowest-wape');
    expect(result.selection.wape).toBe(0);
    expect(result.forecast.ok && Array.from(result.forecast.mean)).toEqual([10, 20, 30, 40, 50]);
  });

  it('breaks exact ties towards the simplest method', () => {
    // Every method forecasts a constant series exactly: WAPE 0 all round.
    const selection = selectMethod(backtest(new Array(160).fill(25), weekly));
    expect(selection.scores.map((s) => s.wape)).toEqual([0, 0, 0, 0, 0]);
    expect(selection.method).toBe('naive');
  });

  it('chooses naive, with the reason, when every backtest actual is 0', () => {
    // Sales that stopped a year ago: the last 52 weeks (all four test windows) are 0.
    const y = Array.from({ length: 156 }, (_, t) => (t < 104 ? 100 + (t % 7) : 0));
    const result = forecastSeries(y, weekly);
    expect(result.selection).toMatchObject({ method: 'naive', reason: 'zero-actuals', wape: undefined });
    expect(result.selection.explanation).toMatchInlineSnapshot(
      `"every actual in the backtest (4 cutoffs) is 0, so no WAPE is defined: naive (the last value)"`,
    );
    expect(result.forecast.ok && Array.from(result.forecast.mean)).toEqual(new Array(13).fill(0));
    expect(result.backtest.rows.every((row) => row.wape === undefined && row.mape === undefined)).toBe(true);
  });

  it('falls back to naive when the series is too short to backtest', () => {
    const result = forecastSeries([5, 7, 6], weekly);
    expect(result.backtest.cutoffs).toEqual([]);
    expect(result.selection.reason).toBe('no-backtest');
    expect(result.selection.explanation).toMatchInlineSnapshot(
      `"the series (3 values) is too short to backtest: naive"`,
    );
    expect(result.forecast.ok && result.forecast.mean[0]).toBe(6);
  });

  it('compares the methods on the cutoffs where all of them ran', () => {
    // 120 weeks: the first three cutoffs are short of two seasons, so the seasonal methods skip them
    // and all methods are compared on the last cutoff only.
    const y = Array.from({ length: 120 }, (_, t) => 100 + 30 * Math.sin((2 * Math.PI * t) / 52) + (t % 3));
    const tested = backtest(y, weekly);
    expect(tested.cutoffs).toEqual([68, 81, 94, 107]);
    expect(tested.skipped.filter((s) => s.method === 'seasonal-naive').map((s) => s.cutoff)).toEqual([
      68, 81, 94,
    ]);
    const selection = selectMethod(tested);
    expect(selection.cutoffs).toEqual([107]);
    expect(selection.scores.map((s) => s.method)).toEqual([
      'naive',
      'seasonal-naive',
      'moving-average',
      'theta',
      'ets',
    ]);
    for (const score of selection.scores) expect(score.sums.periods).toBe(13);
  });

  it('leaves out a method that could not run at the last cutoff', () => {
    // 60 weeks: seasonal naive never has two seasons; ETS needs 10 values, so cutoff 8 is dropped too.
    const y = Array.from({ length: 60 }, (_, t) => 50 + (t % 4));
    const selection = selectMethod(backtest(y, weekly));
    expect(selection.cutoffs).toEqual([21, 34, 47]);
    expect(selection.scores.map((s) => s.method)).toEqual(['naive', 'moving-average', 'theta', 'ets']);
  });

  it('names the other candidates in its explanation', () => {
    const tested: SeriesBacktest = {
      length: 10,
      cutoffs: [8],
      skipped: [],
      rows: [
        {
          method: 'naive',
          cutoff: 8,
          absError: 3,
          absActual: 10,
          error: 3,
          absPercentError: 0,
          nonzeroPeriods: 2,
          periods: 2,
          wape: 0.3,
          mape: 0,
          bias: 0.3,
        },
        {
          method: 'theta',
          cutoff: 8,
          absError: 2,
          absActual: 10,
          error: -2,
          absPercentError: 0,
          nonzeroPeriods: 2,
          periods: 2,
          wape: 0.2,
          mape: 0,
          bias: -0.2,
        },
      ],
    };
    expect(selectMethod(tested).explanation).toMatchInlineSnapshot(
      `"lowest backtest WAPE 0.2000 over 1 cutoff (naive 0.3000)"`,
    );
  });
});
