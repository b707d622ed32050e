// Test support: synthetic weekly sales with a yearly season, deterministic for a seed, so that tests and
// benchmarks can check that the methods and the selection behave as they should on realistic series.

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
export function normalDraw(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A Poisson draw by inversion (for the small means of slow sellers). */
function poissonDraw(mean: number, random: () => number): number {
  const u = random();
  let k = 0;
  let p = Math.exp(-mean);
  let cumulative = p;
  while (u > cumulative && k < 1000) {
    k++;
    p *= mean / k;
    cumulative += p;
  }
  return k;
}

/**
 * Weekly sales of one store × category: level (log-normal around 1,000), yearly growth between -20% and
 * +30%, a season of a yearly sine wave (amplitude 10-50%, random phase) plus a year-end peak (0-80% over
 * weeks 47-51), multiplicative log-normal noise (5-25%). One series in eight is a slow seller: Poisson
 * counts around 0.5-5 a week, with zeros.
 */
export function simulateWeeklySales(weeks: number, random: () => number): Float64Array {
  const slow = random() < 0.125;
  const level = slow ? 0.5 + 4.5 * random() : 1000 * Math.exp(0.8 * normalDraw(random));
  const growth = (-0.2 + 0.5 * random()) / 52;
  const amplitude = 0.1 + 0.4 * random();
  const phase = 2 * Math.PI * random();
  const peak = 0.8 * random();
  const noise = 0.05 + 0.2 * random();
  const y = new Float64Array(weeks);
  for (let t = 0; t < weeks; t++) {
    const week = t % 52;
    const season =
      (1 + amplitude * Math.sin((2 * Math.PI * week) / 52 + phase)) *
      (week >= 46 && week <= 50 ? 1 + peak : 1);
    const expected = level * Math.max(0.05, 1 + growth * t) * season;
    y[t] = slow
      ? poissonDraw(expected, random)
      : Math.round(100 * expected * Math.exp(noise * normalDraw(random) - (noise * noise) / 2)) / 100;
  }
  return y;
}
