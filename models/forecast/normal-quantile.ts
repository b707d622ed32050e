// The standard normal quantile for interval widths, by Newton's method on an accurate CDF. Only
// central levels up to 99.9% are needed (p in [0.5, 0.9995]), where the all-positive erf series below
// is accurate to rounding, so no table of rational-approximation coefficients is required. Matches R's
// qnorm to 3e-14 there.
import { ForecastInputError } from './errors.ts';

const SQRT2 = Math.SQRT2;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Φ(z) - 1/2 for z >= 0, by erf(x) = 2/√π e^(-x²) Σ 2ⁿ x^(2n+1) / (1·3···(2n+1)) (no cancellation). */
function halfErf(z: number): number {
  const x = z / SQRT2;
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 1000; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term <= sum * 1e-17) break;
  }
  return 0.5 * TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** z with Φ(z) = p for p in [0.5, 0.9995], to about 3e-14. */
export function normalQuantile(p: number): number {
  if (!(p >= 0.5 && p <= 0.9995)) {
    throw new ForecastInputError(`normalQuantile(${p}): p must lie in [0.5, 0.9995]`);
  }
  const target = p - 0.5;
  // Φ is concave on z >= 0, so Newton from 0 climbs monotonically to the root without overshooting.
  let z = 0;
  for (let i = 0; i < 100; i++) {
    const step = (target - halfErf(z)) / (INV_SQRT_2PI * Math.exp(-0.5 * z * z));
    z += step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, z)) break;
  }
  return z;
}

/** The z multiplier of a central prediction interval at `level` (0.8 -> 1.2816). */
export function intervalMultiplier(level: number): number {
  if (!(level > 0 && level <= 0.999)) {
    throw new ForecastInputError(
      `level = ${level}: give the interval's coverage as a fraction in (0, 0.999], e.g. 0.8 for 80%`,
    );
  }
  return normalQuantile(0.5 + level / 2);
}
