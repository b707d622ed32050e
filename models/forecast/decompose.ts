// Classical decomposition as R's decompose(): a centred moving average of order m (2×m when m is even)
// is the trend; y - trend (additive) or y / trend (multiplicative) averaged per position in the season
// is the figure, normalised to sum 0 / mean 1. Both ETS's initial seasonal states and Theta's seasonal
// adjustment come from here.

export type SeasonalType = 'additive' | 'multiplicative';

/**
 * The normalised seasonal figure, figure[t mod m] being the index of period t (t = 0 is the first value).
 * Needs n >= 2m and m >= 2; undefined for a multiplicative figure when some trend value is not positive.
 */
export function seasonalFigure(y: Float64Array, m: number, type: SeasonalType): Float64Array | undefined {
  const n = y.length;
  const half = Math.floor(m / 2);
  const even = m % 2 === 0;
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let t = half; t < n - half; t++) {
    let sum = 0;
    if (even) {
      sum = 0.5 * y[t - half]!;
      for (let i = t - half + 1; i < t + half; i++) sum += y[i]!;
      sum += 0.5 * y[t + half]!;
    } else {
      for (let i = t - half; i <= t + half; i++) sum += y[i]!;
    }
    const trend = sum / m;
    let detrended: number;
    if (type === 'additive') {
      detrended = y[t]! - trend;
    } else {
      if (!(trend > 0)) return undefined;
      detrended = y[t]! / trend;
    }
    const j = t % m;
    sums[j] = sums[j]! + detrended;
    counts[j] = counts[j]! + 1;
  }
  let total = 0;
  for (let j = 0; j < m; j++) {
    sums[j] = sums[j]! / counts[j]!;
    total += sums[j]!;
  }
  const centre = total / m;
  for (let j = 0; j < m; j++) sums[j] = type === 'additive' ? sums[j]! - centre : sums[j]! / centre;
  return sums;
}
