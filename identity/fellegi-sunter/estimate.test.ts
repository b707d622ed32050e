import { describe, expect, it } from 'vitest';
import { defaultInitialM, estimateM, estimateU, FsParamsError } from './index.ts';
import { PSEUDO_COUNT } from './level-counts.ts';
import { mulberry32, PERSON_MODEL, simulatePairs } from './simulate.ts';

const { specs } = PERSON_MODEL;
const LAMBDA = 0.05;
const random = simulatePairs(PERSON_MODEL, 200_000, 0, mulberry32(11));
const candidates = simulatePairs(PERSON_MODEL, 200_000, LAMBDA, mulberry32(12));

describe('estimateU', () => {
  it('recovers u from random pairs, leaving missing levels out', () => {
    const u = estimateU(specs, random.gamma);
    u.forEach((row, c) => {
      expect(row[0]).toBe(0);
      expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
      row.forEach((x, l) => expect(Math.abs(x - PERSON_MODEL.u[c]![l]!)).toBeLessThan(0.01));
    });
  });

  it('counts each pair by its weight: matches among the random pairs weighted 0 leave true u', () => {
    // A sample where 5% of the pairs are matches (a file with many records per person).
    const mixed = simulatePairs(PERSON_MODEL, 200_000, 0.05, mulberry32(13));
    const exact = (u: number[][]) => u[3]![2]!; // phone, exact
    expect(exact(estimateU(specs, mixed.gamma))).toBeGreaterThan(PERSON_MODEL.u[3]![2]! + 0.02);
    const nonMatch = Float64Array.from(mixed.isMatch, (m) => 1 - m);
    estimateU(specs, mixed.gamma, nonMatch).forEach((row, c) => {
      row.forEach((x, l) => expect(Math.abs(x - PERSON_MODEL.u[c]![l]!), `u[${c}][${l}]`).toBeLessThan(0.01));
    });
    expect(() => estimateU(specs, mixed.gamma, new Float64Array(3))).toThrow(/3 weights for 200000 pairs/);
  });

  it('gives uniform u to a comparison missing in every pair', () => {
    const u = estimateU(specs, new Uint8Array(specs.length * 10));
    expect(u[0]![0]).toBe(0);
    u[0]!.slice(1).forEach((x) => expect(x).toBeCloseTo(1 / 3, 12));
  });

  it('gives uniform u for an empty sample', () => {
    expect(estimateU(specs, new Uint8Array(0))[3]).toEqual([0, 0.5, 0.5]);
  });

  it('refuses levels out of range', () => {
    const gamma = new Uint8Array(specs.length * 3);
    gamma[2 * specs.length + 3] = 3; // phone has levels 0..2
    expect(() => estimateU(specs, gamma)).toThrowErrorMatchingInlineSnapshot(
      `[GammaError: pair 2, comparison "phone": level 3 is out of range; expected 0..2 (missing, different, exact)]`,
    );
    expect(() => estimateU(specs, new Uint8Array(7))).toThrow(/not a multiple of the 6 comparisons/);
  });
});

describe('estimateM', () => {
  const u = estimateU(specs, random.gamma);
  const fit = estimateM(specs, candidates.gamma, u);

  it('recovers m within 0.03 per level and lambda within 0.01, u fixed', () => {
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.params.lambda - LAMBDA)).toBeLessThan(0.01);
    fit.params.m.forEach((row, c) => {
      expect(row[0]).toBe(0);
      row.forEach((x, l) => expect(Math.abs(x - PERSON_MODEL.m[c]![l]!), `m[${c}][${l}]`).toBeLessThan(0.03));
    });
    expect(fit.params.u).toEqual(u);
    expect(fit.params.comparisons).toBe(specs);
  });

  it('logs every iteration; the log-likelihood never decreases (an EM guarantee)', () => {
    expect(fit.history).toHaveLength(fit.iterations);
    expect(fit.history.map((h) => h.iteration)).toEqual(fit.history.map((_, i) => i + 1));
    const ll = fit.history.map((h) => h.logLikelihood as number);
    ll.slice(1).forEach((x, i) => expect(x).toBeGreaterThanOrEqual(ll[i]! - 1e-6 * Math.abs(ll[i]!)));
    expect(fit.history.at(-1)!.maxChange).toBeLessThan(1e-4);
    expect(fit.history.at(-1)!.lambda).toBe(fit.params.lambda);
  });

  it('stops at maxIterations, not converged', () => {
    const short = estimateM(specs, candidates.gamma, u, { maxIterations: 2 });
    expect(short.iterations).toBe(2);
    expect(short.converged).toBe(false);
    expect(short.history[1]!.maxChange).toBeGreaterThan(1e-4);
  });

  it('starts from initialM and initialLambda', () => {
    const fromTruth = estimateM(specs, candidates.gamma, u, {
      initialM: PERSON_MODEL.m.map((row) => [...row]),
      initialLambda: LAMBDA,
      maxIterations: 1,
    });
    // One step from the truth stays near it.
    expect(Math.abs(fromTruth.params.lambda - LAMBDA)).toBeLessThan(0.01);
    expect(Math.abs(fromTruth.params.m[0]![3]! - 0.8)).toBeLessThan(0.03);
  });

  it('with fixU false, re-estimates u as well', () => {
    const start = specs.map((spec) =>
      spec.levels.map((_, l) => (l === 0 ? 0 : 1 / (spec.levels.length - 1))),
    );
    const both = estimateM(specs, candidates.gamma, start, { fixU: false, maxIterations: 200 });
    expect(Math.abs(both.params.lambda - LAMBDA)).toBeLessThan(0.01);
    both.params.u.forEach((row, c) =>
      row.forEach((x, l) => expect(Math.abs(x - PERSON_MODEL.u[c]![l]!)).toBeLessThan(0.03)),
    );
    both.params.m.forEach((row, c) =>
      row.forEach((x, l) => expect(Math.abs(x - PERSON_MODEL.m[c]![l]!)).toBeLessThan(0.03)),
    );
  });

  it('matches a plain per-pair EM, whether or not pairs are grouped by comparison vector', () => {
    // 40 distinct pairs: too many distinct vectors to group, EM runs over the pairs themselves;
    // repeated ten times they are grouped.
    const C = specs.length;
    const distinct: number[] = [];
    const seen = new Set<string>();
    for (let p = 0; seen.size < 40; p++) {
      const row = candidates.gamma.subarray(p * C, p * C + C);
      if (!seen.has(row.join())) {
        seen.add(row.join());
        distinct.push(...row);
      }
    }
    const once = new Uint8Array(distinct);
    const tenTimes = new Uint8Array(once.length * 10);
    for (let k = 0; k < 10; k++) tenTimes.set(once, k * once.length);
    for (const gamma of [once, tenTimes]) {
      const fast = estimateM(specs, gamma, u, { maxIterations: 3, tolerance: 1e-12 });
      const plain = plainEm(gamma, u, 3);
      expect(fast.params.lambda).toBeCloseTo(plain.lambda, 12);
      fast.params.m.forEach((row, c) => row.forEach((x, l) => expect(x).toBeCloseTo(plain.m[c]![l]!, 12)));
    }
    expect(estimateM(specs, once, u).history[0]!.logLikelihood).toBeNull();
    expect(estimateM(specs, tenTimes, u).history[0]!.logLikelihood).toEqual(expect.any(Number));
  });

  it('ignores missing comparisons: blanking a field in some pairs leaves its m estimate', () => {
    const C = specs.length;
    const blanked = candidates.gamma.slice();
    const rng = mulberry32(5);
    for (let p = 0; p < blanked.length / C; p++) if (rng() < 0.5) blanked[p * C + 2] = 0;
    const again = estimateM(specs, blanked, u);
    again.params.m[2]!.forEach((x, l) => expect(Math.abs(x - PERSON_MODEL.m[2]![l]!)).toBeLessThan(0.03));
  });

  it('returns the starting point, not converged, without candidate pairs', () => {
    const none = estimateM(specs, new Uint8Array(0), u, { initialLambda: 0.2 });
    expect(none).toMatchObject({ iterations: 0, converged: false, history: [] });
    expect(none.params).toEqual({ comparisons: specs, lambda: 0.2, m: defaultInitialM(specs), u });
  });

  it('refuses options, u and initialM that do not fit', () => {
    expect(() => estimateM(specs, candidates.gamma, u.slice(1))).toThrowErrorMatchingInlineSnapshot(
      `[FsParamsError: invalid u:
  (top level): expected one row per comparison (6), found 5 rows]`,
    );
    expect(() => estimateM(specs, candidates.gamma, u, { initialM: u.map((row) => row.slice(1)) })).toThrow(
      /invalid initialM:\n {2}0: expected 4 entries for "name"/,
    );
    expect(() => estimateM(specs, candidates.gamma, u, { maxIterations: 0 })).toThrow(FsParamsError);
    expect(() => estimateM(specs, candidates.gamma, u, { initialLambda: 1 })).toThrow(/initialLambda/);
  });
});

// The EM of the textbook, pair by pair, with the module's smoothing and clamping.
function plainEm(gamma: Uint8Array, u: number[][], iterations: number): { lambda: number; m: number[][] } {
  const clamp = (x: number): number => Math.min(1 - 1e-6, Math.max(1e-6, x));
  const C = specs.length;
  const pairs = gamma.length / C;
  let lambda = 0.01;
  let m = defaultInitialM(specs);
  for (let it = 0; it < iterations; it++) {
    const counts = specs.map((s) => s.levels.map(() => 0));
    let sum = 0;
    for (let p = 0; p < pairs; p++) {
      let match = lambda;
      let nonMatch = 1 - lambda;
      for (let c = 0; c < C; c++) {
        const g = gamma[p * C + c]!;
        if (g === 0) continue;
        match *= m[c]![g]!;
        nonMatch *= u[c]![g]!;
      }
      const probability = match / (match + nonMatch);
      sum += probability;
      for (let c = 0; c < C; c++) counts[c]![gamma[p * C + c]!]! += probability;
    }
    lambda = clamp((sum + PSEUDO_COUNT) / (pairs + 2 * PSEUDO_COUNT));
    m = counts.map((row) => {
      const total = row.slice(1).reduce((a, b) => a + b, 0);
      return row.map((n, l) =>
        l === 0 ? 0 : clamp((n + PSEUDO_COUNT) / (total + PSEUDO_COUNT * (row.length - 1))),
      );
    });
  }
  return { lambda, m };
}
