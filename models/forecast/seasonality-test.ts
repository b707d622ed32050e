// The forecast package's test (thetaf) for whether a series is seasonal: the autocorrelation at lag m is
// significant at 90% (one-sided 95% quantile) against Bartlett's standard error built from lags 1..m-1.

const Z_95 = 1.6448536269514722;

/** Autocorrelations r_1..r_maxLag with R's acf() convention: mean-centred, denominator Σ(y - ȳ)². */
export function autocorrelations(y: Float64Array, maxLag: number): Float64Array {
  const n = y.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += y[t]!;
  mean /= n;
  let denominator = 0;
  for (let t = 0; t < n; t++) denominator += (y[t]! - mean) * (y[t]! - mean);
  const r = new Float64Array(maxLag + 1);
  r[0] = 1;
  for (let k = 1; k <= maxLag; k++) {
    let sum = 0;
    for (let t = 0; t + k < n; t++) sum += (y[t]! - mean) * (y[t + k]! - mean);
    r[k] = sum / denominator;
  }
  return r;
}

/** True when |r_m| / √((1 + 2 Σ_{k<m} r_k²) / n) > 1.645; needs m >= 2, n > 2m and a non-constant series. */
export function isSeasonal(y: Float64Array, m: number): boolean {
  const n = y.length;
  if (m < 2 || n <= 2 * m || isConstant(y)) return false;
  const r = autocorrelations(y, m);
  let sum = 0;
  for (let k = 1; k < m; k++) sum += r[k]! * r[k]!;
  return Math.abs(r[m]!) / Math.sqrt((1 + 2 * sum) / n) > Z_95;
}

/** True when every value equals the first. */
export function isConstant(y: Float64Array): boolean {
  for (let t = 1; t < y.length; t++) if (y[t] !== y[0]) return false;
  return true;
}
