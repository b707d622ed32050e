// Test support: customers drawn from known BG/NBD and Gamma-Gamma parameters, so tests can check that
// the fits recover them. Deterministic for a seed.
import type { BgNbdParams } from './bg-nbd.ts';
import type { GammaGammaParams } from './gamma-gamma.ts';

/** mulberry32: a small seeded PRNG giving floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller, one of the pair). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A Gamma(shape, rate 1) draw (Marsaglia and Tsang; shape < 1 by the u^(1/shape) boost). */
export function gammaDraw(shape: number, random: () => number): number {
  if (shape < 1) return gammaDraw(shape + 1, random) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let v: number;
    let z: number;
    do {
      z = normal(random);
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * BG/NBD customers, each observed for T = observedFor() whole days, in days, with tx rounded to a whole
 * day as day indices are. Purchases on one day are not merged: that departs from the model
 * (it thins out frequent buyers) and biases r and alpha up by several percent at these rates.
 */
export function simulateBgNbd(
  params: BgNbdParams,
  customers: number,
  observedFor: () => number,
  random: () => number,
): { x: Float64Array; tx: Float64Array; T: Float64Array } {
  const x = new Float64Array(customers);
  const tx = new Float64Array(customers);
  const T = new Float64Array(customers);
  for (let i = 0; i < customers; i++) {
    const observed = observedFor();
    const lambda = gammaDraw(params.r, random) / params.alpha;
    const ga = gammaDraw(params.a, random);
    const dropOut = ga / (ga + gammaDraw(params.b, random));
    let t = 0;
    let count = 0;
    let last = 0;
    for (;;) {
      t -= Math.log(1 - random()) / lambda;
      if (t > observed) break;
      count++;
      last = t;
      if (random() < dropOut) break;
    }
    x[i] = count;
    tx[i] = Math.min(Math.round(last), observed);
    T[i] = observed;
  }
  return { x, tx, T };
}

/** Mean repeat spend mbar per customer: x values Gamma(p, ν), ν ~ Gamma(q, gamma); 0 for x = 0. */
export function simulateSpend(
  params: GammaGammaParams,
  x: ArrayLike<number>,
  random: () => number,
): Float64Array {
  const mbar = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const nu = gammaDraw(params.q, random) / params.gamma;
    mbar[i] = gammaDraw(params.p * xi, random) / (nu * xi);
  }
  return mbar;
}
