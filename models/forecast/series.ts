// The checks at the edge of the module: a series of finite numbers and a whole positive horizon.
import { ForecastInputError } from './errors.ts';

/** The values as a Float64Array (the same array when it already is one); throws on a non-finite value. */
export function toSeries(values: ArrayLike<number>): Float64Array {
  const y = values instanceof Float64Array ? values : Float64Array.from(values);
  for (let t = 0; t < y.length; t++) {
    if (!Number.isFinite(y[t]!)) {
      throw new ForecastInputError(
        `value ${t} of the series is ${y[t]}: periods without data should be 0 (or the series cut before them)`,
        t,
      );
    }
  }
  return y;
}

/** Throws ForecastInputError unless h is a whole number >= 1. */
export function checkHorizon(h: number): void {
  if (!(Number.isInteger(h) && h >= 1)) {
    throw new ForecastInputError(
      `horizon = ${h}: give the number of periods to forecast, a whole number >= 1`,
    );
  }
}
