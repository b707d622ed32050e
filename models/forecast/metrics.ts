// Forecast accuracy. Every ratio divides by Σ|actual| (not Σ actual), so negative actuals such as
// returns count by size and cannot cancel positive ones; a ratio whose denominator is 0 is undefined,
// never a division by zero. Ratios are fractions (0.12 = 12%), not percentages.

/** Sums over the periods of one forecast (or several, by addSums): the ratios and pooled WAPE come from these. */
export interface ErrorSums {
  /** Σ |forecast - actual| */
  absError: number;
  /** Σ |actual| */
  absActual: number;
  /** Σ (forecast - actual): positive when the forecast was too high. */
  error: number;
  /** Σ |forecast - actual| / |actual| over the periods with actual != 0 */
  absPercentError: number;
  /** Periods with actual != 0 */
  nonzeroPeriods: number;
  periods: number;
}

/** An ErrorSums of nothing. */
export function emptySums(): ErrorSums {
  return { absError: 0, absActual: 0, error: 0, absPercentError: 0, nonzeroPeriods: 0, periods: 0 };
}

/** Adds the errors of forecast[i] against actual[i], i < forecast.length, into `sums`. */
export function accumulateErrors(
  sums: ErrorSums,
  forecast: ArrayLike<number>,
  actual: ArrayLike<number>,
  actualOffset = 0,
): ErrorSums {
  for (let i = 0; i < forecast.length; i++) {
    const a = actual[actualOffset + i]!;
    const e = forecast[i]! - a;
    sums.absError += Math.abs(e);
    sums.absActual += Math.abs(a);
    sums.error += e;
    if (a !== 0) {
      sums.absPercentError += Math.abs(e) / Math.abs(a);
      sums.nonzeroPeriods++;
    }
    sums.periods++;
  }
  return sums;
}

/** The sums of forecast against actual. */
export function errorSums(forecast: ArrayLike<number>, actual: ArrayLike<number>): ErrorSums {
  return accumulateErrors(emptySums(), forecast, actual);
}

/** a += b, field by field. */
export function addSums(a: ErrorSums, b: ErrorSums): ErrorSums {
  a.absError += b.absError;
  a.absActual += b.absActual;
  a.error += b.error;
  a.absPercentError += b.absPercentError;
  a.nonzeroPeriods += b.nonzeroPeriods;
  a.periods += b.periods;
  return a;
}

/** WAPE = Σ|forecast - actual| / Σ|actual|; undefined when every actual is 0. */
export function wape(sums: Pick<ErrorSums, 'absError' | 'absActual'>): number | undefined {
  return sums.absActual > 0 ? sums.absError / sums.absActual : undefined;
}

/** MAPE = mean of |forecast - actual| / |actual| over the periods with actual != 0; undefined if none. */
export function mape(sums: Pick<ErrorSums, 'absPercentError' | 'nonzeroPeriods'>): number | undefined {
  return sums.nonzeroPeriods > 0 ? sums.absPercentError / sums.nonzeroPeriods : undefined;
}

/** Bias = Σ(forecast - actual) / Σ|actual|; undefined when every actual is 0. */
export function bias(sums: Pick<ErrorSums, 'error' | 'absActual'>): number | undefined {
  return sums.absActual > 0 ? sums.error / sums.absActual : undefined;
}

/** WAPE pooled over rows (series × cutoffs): Σ absError / Σ absActual; undefined when Σ absActual = 0. */
export function pooledWape(rows: Iterable<Pick<ErrorSums, 'absError' | 'absActual'>>): number | undefined {
  let absError = 0;
  let absActual = 0;
  for (const row of rows) {
    absError += row.absError;
    absActual += row.absActual;
  }
  return wape({ absError, absActual });
}

/** The mean of the defined values (e.g. per-series WAPEs); undefined when none is defined. */
export function meanDefined(values: Iterable<number | undefined>): number | undefined {
  let sum = 0;
  let count = 0;
  for (const value of values) {
    if (value === undefined) continue;
    sum += value;
    count++;
  }
  return count > 0 ? sum / count : undefined;
}
