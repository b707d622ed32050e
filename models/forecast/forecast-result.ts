// What every method returns: a forecast with its interval, or the reason it could not run.
import type { ResolvedForecastOptions } from './options.ts';

export type MethodName = 'naive' | 'seasonal-naive' | 'moving-average' | 'theta' | 'ets';

/** A method's forecast for periods n+1..n+h. */
export interface MethodForecast {
  readonly ok: true;
  readonly method: MethodName;
  /** The model actually fitted, e.g. 'ETS(A,Ad,A)', 'Theta (seasonally adjusted)', 'MA(4)'. */
  readonly model: string;
  readonly mean: Float64Array;
  /** mean - z·se per period; empty when intervals were not asked for. */
  readonly lower: Float64Array;
  /** mean + z·se per period; empty when intervals were not asked for. */
  readonly upper: Float64Array;
  /** The one-step residual standard deviation the interval widths scale. */
  readonly sigma: number;
  /** Fitted parameters by name (alpha, beta, gamma, phi, drift, window...). */
  readonly parameters: Readonly<Record<string, number>>;
}

/** A method that cannot run on this series (too short, values it cannot model). */
export interface MethodSkipped {
  readonly ok: false;
  readonly method: MethodName;
  readonly reason: string;
}

export type MethodResult = MethodForecast | MethodSkipped;

/** A method's input: the checked series, horizon and resolved options. */
export type MethodFunction = (y: Float64Array, h: number, options: ResolvedForecastOptions) => MethodResult;

const EMPTY = new Float64Array(0);

/** lower/upper = mean ∓ z·se; `se` is overwritten (it is scratch) and both are empty without intervals. */
export function withIntervals(
  mean: Float64Array,
  se: Float64Array | undefined,
  options: ResolvedForecastOptions,
): { lower: Float64Array; upper: Float64Array } {
  if (se === undefined || !options.intervals) return { lower: EMPTY, upper: EMPTY };
  const upper = new Float64Array(mean.length);
  for (let k = 0; k < mean.length; k++) {
    const half = options.z * se[k]!;
    upper[k] = mean[k]! + half;
    se[k] = mean[k]! - half;
  }
  return { lower: se, upper };
}

/** A MethodSkipped saying the series has fewer values than the method needs. */
export function tooShort(method: MethodName, n: number, needed: number, why: string): MethodSkipped {
  return { ok: false, method, reason: `needs at least ${needed} values (${why}), the series has ${n}` };
}
