// Options shared by every method, resolved and checked once so that backtests can call the methods
// thousands of times without re-validating.
import { ForecastInputError } from './errors.ts';
import { intervalMultiplier } from './normal-quantile.ts';

/** ETS trend: none, additive (Holt), damped additive, or chosen among those three by AICc. */
export type EtsTrend = 'none' | 'additive' | 'damped' | 'aicc';
/** ETS seasonality: none, additive, multiplicative, or chosen among those three by AICc. */
export type EtsSeasonal = 'none' | 'additive' | 'multiplicative' | 'aicc';
/**
 * When Theta adjusts for the season: 'always' whenever n >= 2m (the default, as ETS does), 'test' as
 * thetaf (the lag-m autocorrelation is significant and n > 2m), 'never'. thetaf's test rarely passes on
 * two or three years of weekly data (it fired for 5-10% of simulated seasonal weekly series).
 */
export type ThetaSeasonal = 'test' | 'always' | 'never';

export interface ForecastOptions {
  /** Periods per season, e.g. 52 for weekly data with a yearly season; 1 means no season. */
  readonly seasonLength: number;
  /** Coverage of the prediction interval as a fraction; default 0.8. */
  readonly level?: number;
  /** Window of the moving average, in periods; default 4. */
  readonly window?: number;
  /** ETS model form; default damped trend with additive seasonality. */
  readonly ets?: { readonly trend?: EtsTrend; readonly seasonal?: EtsSeasonal };
  /** Theta's seasonal adjustment; default 'always' (see ThetaSeasonal). */
  readonly theta?: { readonly seasonal?: ThetaSeasonal };
  /** Compute prediction intervals (default true); backtests only need the means. */
  readonly intervals?: boolean;
}

export interface ResolvedForecastOptions {
  readonly seasonLength: number;
  readonly level: number;
  /** The normal quantile for `level`: lower/upper = mean ∓ z·se. */
  readonly z: number;
  readonly window: number;
  readonly etsTrend: EtsTrend;
  readonly etsSeasonal: EtsSeasonal;
  readonly thetaSeasonal: ThetaSeasonal;
  readonly intervals: boolean;
}

export const DEFAULT_LEVEL = 0.8;
export const DEFAULT_WINDOW = 4;
export const DEFAULT_ETS_TREND: EtsTrend = 'damped';
export const DEFAULT_ETS_SEASONAL: EtsSeasonal = 'additive';
export const DEFAULT_THETA_SEASONAL: ThetaSeasonal = 'always';

const ETS_TRENDS: readonly EtsTrend[] = ['none', 'additive', 'damped', 'aicc'];
const ETS_SEASONALS: readonly EtsSeasonal[] = ['none', 'additive', 'multiplicative', 'aicc'];
const THETA_SEASONALS: readonly ThetaSeasonal[] = ['test', 'always', 'never'];

/** Fills in defaults and checks every option; throws ForecastInputError saying what to give instead. */
export function resolveForecastOptions(options: ForecastOptions): ResolvedForecastOptions {
  const { seasonLength } = options;
  if (!(Number.isInteger(seasonLength) && seasonLength >= 1)) {
    throw new ForecastInputError(
      `seasonLength = ${seasonLength}: give the number of periods per season as a whole number >= 1 ` +
        '(52 for weekly data with a yearly season, 12 for monthly, 1 for no season)',
    );
  }
  const level = options.level ?? DEFAULT_LEVEL;
  const window = options.window ?? DEFAULT_WINDOW;
  if (!(Number.isInteger(window) && window >= 1)) {
    throw new ForecastInputError(
      `window = ${window}: the moving average needs a whole number of periods >= 1`,
    );
  }
  const etsTrend = options.ets?.trend ?? DEFAULT_ETS_TREND;
  const etsSeasonal = options.ets?.seasonal ?? DEFAULT_ETS_SEASONAL;
  if (!ETS_TRENDS.includes(etsTrend)) {
    throw new ForecastInputError(`ets.trend = ${String(etsTrend)}: use one of ${ETS_TRENDS.join(', ')}`);
  }
  if (!ETS_SEASONALS.includes(etsSeasonal)) {
    throw new ForecastInputError(
      `ets.seasonal = ${String(etsSeasonal)}: use one of ${ETS_SEASONALS.join(', ')}`,
    );
  }
  const thetaSeasonal = options.theta?.seasonal ?? DEFAULT_THETA_SEASONAL;
  if (!THETA_SEASONALS.includes(thetaSeasonal)) {
    throw new ForecastInputError(
      `theta.seasonal = ${String(thetaSeasonal)}: use one of ${THETA_SEASONALS.join(', ')}`,
    );
  }
  return {
    seasonLength,
    level,
    z: intervalMultiplier(level),
    window,
    etsTrend,
    etsSeasonal,
    thetaSeasonal,
    intervals: options.intervals ?? true,
  };
}
