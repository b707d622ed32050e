// The measurement on generated weekly sales with a yearly season: pooled WAPE per method, of the
// chosen methods, and its ratio to seasonal naive in the same run; plus the time a backtest takes.
import { describe, expect, it } from 'vitest';
import {
  backtest,
  forecastSeries,
  meanDefined,
  METHOD_NAMES,
  pooledWape,
  errorSums,
  resolveBacktestOptions,
  scoreMethods,
  selectMethod,
  type ErrorSums,
  type SeriesBacktest,
} from './index.ts';
import { mulberry32, simulateWeeklySales } from './simulate.ts';

const SERIES = 1000;
const WEEKS = 156;
const options = resolveBacktestOptions({ seasonLength: 52, horizon: 13, origins: 4 });

describe(`backtest of ${SERIES} simulated weekly series (${WEEKS} weeks, h = 13, 4 origins)`, () => {
  const random = mulberry32(7);
  const series = Array.from({ length: SERIES }, () => simulateWeeklySales(WEEKS, random));
  const started = performance.now();
  const tests: SeriesBacktest[] = series.map((y) => backtest(y, options));
  const milliseconds = performance.now() - started;
  const selections = tests.map(selectMethod);

  it('chooses methods whose pooled WAPE is clearly below seasonal naive', () => {
    const pooled = (method: string): number =>
      pooledWape(tests.flatMap((t) => t.rows.filter((row) => row.method === method)))!;
    for (const method of METHOD_NAMES) {
      const perSeries = meanDefined(tests.map((t) => scoreMethods(t).find((s) => s.method === method)?.wape));
      console.info(
        `${method.padEnd(15)} pooled WAPE ${pooled(method).toFixed(4)}, mean per-series ${perSeries!.toFixed(4)}`,
      );
    }
    const chosen = pooledWape(
      tests.flatMap((t, i) => t.rows.filter((row) => row.method === selections[i]!.method)),
    )!;
    const ratio = chosen / pooled('seasonal-naive');
    const counts = METHOD_NAMES.map((m) => `${m} ${selections.filter((s) => s.method === m).length}`).join(
      ', ',
    );
    console.info(
      `chosen          pooled WAPE ${chosen.toFixed(4)}, ratio to seasonal naive ${ratio.toFixed(3)} (${counts})`,
    );
    expect(selections.every((s) => s.reason === 'lowest-wape')).toBe(true);
    expect(ratio).toBeLessThan(0.85);
  });

  it('also wins on weeks the selection never saw (choose on weeks 1-143, score 144-156)', () => {
    const chosen: ErrorSums[] = [];
    const snaive: ErrorSums[] = [];
    for (const y of series) {
      const result = forecastSeries(y.subarray(0, WEEKS - 13), { ...options, intervals: false });
      if (!result.forecast.ok) throw new Error(result.forecast.reason);
      chosen.push(errorSums(result.forecast.mean, y.subarray(WEEKS - 13)));
      snaive.push(errorSums(y.subarray(WEEKS - 13 - 52, WEEKS - 52), y.subarray(WEEKS - 13)));
    }
    const ratio = pooledWape(chosen)! / pooledWape(snaive)!;
    console.info(
      `holdout: chosen ${pooledWape(chosen)!.toFixed(4)} vs seasonal naive ${pooledWape(snaive)!.toFixed(4)}, ratio ${ratio.toFixed(3)}`,
    );
    expect(ratio).toBeLessThan(0.95);
  });

  it('takes well under a minute for 10k series (measured on 1k)', () => {
    console.info(
      `backtest: ${SERIES} series x ${METHOD_NAMES.length} methods x 4 origins in ${milliseconds.toFixed(0)} ms ` +
        `(about ${((milliseconds * 10) / 1000).toFixed(1)} s for 10k series)`,
    );
    // Generous for slow CI machines: about 1 s here.
    expect(milliseconds).toBeLessThan(20_000);
  });

  it('is deterministic to the bit', () => {
    for (const i of [0, 1, 2, 500, 999]) expect(backtest(series[i]!, options)).toEqual(tests[i]);
  });
});
