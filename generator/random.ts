// Seeded randomness for the generator. Every draw comes from an sfc32 stream whose state is a hash of
// (seed, stream tag, entity index, sub index), so any person, order or store-day can be regenerated
// on demand without replaying everything before it: that is what keeps memory bounded.

/** Murmur3's 32-bit finalizer: a cheap, well-mixing bijection on uint32. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a seed and three integer keys into one uint32. */
export function hash32(seed: number, a: number, b: number, c: number): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  let h = mix32(lo ^ 0x9e3779b9);
  h = mix32(h ^ hi ^ 0x7f4a7c15);
  h = mix32(h + Math.imul(a | 0, 0x27d4eb2f));
  h = mix32(h + Math.imul(b | 0, 0x165667b1));
  return mix32(h + Math.imul(c | 0, 0x61c88647));
}

/** sfc32 stream with the distribution helpers used across the feeds. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 1;
    // The state words are already independent hashes; a few rounds decorrelate the counter word.
    for (let i = 0; i < 4; i++) this.next();
  }

  /** Uniform uint32. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Uniform element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    const v = items[this.int(items.length)];
    if (v === undefined) throw new Error('Rng.pick: empty array');
    return v;
  }

  /** Standard normal scaled to mean and sd (Box-Muller, no cached spare so streams stay simple). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.float();
    const v = this.float();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given log-space mu and sigma. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Exponential with the given rate. */
  exponential(rate: number): number {
    return -Math.log(1 - this.float()) / rate;
  }

  /** Gamma(shape, scale) by Marsaglia-Tsang, boosted for shape < 1. */
  gamma(shape: number, scale: number): number {
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(1 - this.float(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v0 = 1 + c * x;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = 1 - this.float();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
    }
  }

  /** Beta(a, b) from two gammas. */
  beta(a: number, b: number): number {
    const x = this.gamma(a, 1);
    return x / (x + this.gamma(b, 1));
  }

  /** Poisson count: Knuth for small means, a rounded normal for large ones. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 40) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** Number of failures before the first success with success probability p. */
  geometric(p: number): number {
    return Math.floor(Math.log(1 - this.float()) / Math.log(1 - p));
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** `length` characters drawn uniformly from `alphabet`. */
  chars(alphabet: string, length: number): string {
    const codes: number[] = new Array<number>(length);
    for (let i = 0; i < length; i++) codes[i] = alphabet.charCodeAt(this.int(alphabet.length));
    return String.fromCharCode(...codes);
  }
}

/** A fresh stream for (seed, tag, index, sub): the same keys always give the same draws. */
export function rngFor(seed: number, tag: number, index: number, sub = 0): Rng {
  const h = hash32(seed, tag, index, sub);
  return new Rng(h, mix32(h ^ 0x243f6a88), mix32(h ^ 0x85a308d3), mix32(h ^ 0x13198a2e));
}

/** A weighted choice over fixed entries, sampled by binary search on the cumulative weights. */
export class Weighted<T> {
  private readonly values: T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new Error('Weighted: no entries');
    this.values = entries.map((e) => e[0]);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach((e, i) => {
      sum += e[1];
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  /** One value, chosen with probability proportional to its weight. */
  pick(rng: Rng): T {
    const x = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo] as T;
  }
}

/**
 * A bijection on [0, modulus) that scrambles sequential counters into unique, random-looking numbers:
 * a few xorshift-multiply rounds on the smallest power-of-two domain, cycle-walked back into range
 * (walking preserves the bijection). Nearby inputs give unrelated outputs, unlike a linear map.
 */
export function permute(x: number, modulus: number, saltA: number, saltB: number): number {
  const bits = Math.max(2, Math.ceil(Math.log2(modulus)));
  const mask = bits >= 32 ? 0xffffffff : (1 << bits) - 1;
  const half = bits >>> 1;
  let v = x % modulus;
  do {
    for (let round = 0; round < 3; round++) {
      v = (v ^ ((saltA + round * 0x9e37) & mask)) >>> 0;
      v = (Math.imul(v, (saltB | 1) + round * 2) & mask) >>> 0;
      v = (v ^ (v >>> half)) >>> 0;
    }
  } while (v >= modulus);
  return v;
}
