import { backtest, forecastSeries, mulberry32, simulateWeeklySales } from '../../models/index.ts';
import { benchResult, interleave, peakRssMb, scaled, timed, type BenchCase } from '../case.ts';

const DEFAULT_SERIES = 10_000;
const WEEKS = 156;
const OPTIONS = { seasonLength: 52, horizon: 13, origins: 4 };

/** Backtest, selection and forecast of 10k weekly series against a naive-only backtest of the same series. */
export const forecastBacktest: BenchCase = {
  name: 'forecast-backtest',
  description:
    `rolling-origin backtest (4 origins, 13 weeks) of naive, seasonal naive, moving average, Theta and ETS on ` +
    `${DEFAULT_SERIES / 1000}k x scale simulated weekly series of 3 years, choice by WAPE and the final forecast, ` +
    'vs the same backtest with the naive method alone.',
  async run(ctx) {
    const n = scaled(ctx, DEFAULT_SERIES);
    const random = mulberry32(20261201);
    const series = Array.from({ length: n }, () => simulateWeeklySales(WEEKS, random));
    let chosen = new Map<string, number>();
    const samples = await interleave(
      ctx.repeat,
      () =>
        timed(() => {
          chosen = new Map();
          for (const s of series) {
            const m = forecastSeries(s, OPTIONS).selection.method;
            chosen.set(m, (chosen.get(m) ?? 0) + 1);
          }
        }),
      () =>
        timed(() => {
          for (const s of series) backtest(s, { ...OPTIONS, methods: ['naive'] });
        }),
      ctx.log,
    );
    return benchResult({
      units: 'series',
      count: n,
      baseline: 'backtest of the naive method alone over the same series',
      samples,
      extra: {
        processPeakRssMb: peakRssMb(),
        weeks: WEEKS,
        chosen: JSON.stringify(Object.fromEntries(chosen)),
      },
    });
  },
};
