import { describe, expect, it } from 'vitest';
import {
  conditionalExpectedPurchases,
  expectedPurchases,
  hyp2f1,
  probabilityAlive,
  type BgNbdParams,
} from './index.ts';
import { mulberry32, simulateBgNbd } from './simulate.ts';

// The CDNOW fit (weeks), rounded.
const CDNOW: BgNbdParams = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };

/** Equations 10 and 11 of the paper as printed: fine for small x, overflows for large x, 0/0 at a = 1. */
function paperConditional(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const z = t / (alpha + T + t);
  const head =
    ((a + b + x - 1) / (a - 1)) *
    (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z));
  const odds = x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0;
  return head / (1 + odds);
}

describe('conditionalExpectedPurchases', () => {
  it.each([
    [CDNOW, 39, 2, 30.43, 38.86],
    [CDNOW, 39, 0, 0, 38.86],
    [CDNOW, 52, 5, 20, 30],
    [CDNOW, 1000, 1, 1, 2],
    [{ ...CDNOW, a: 2.5 }, 52, 5, 20, 30],
    [{ ...CDNOW, a: 2.5 }, 100, 10, 50, 60],
    [{ r: 3, alpha: 40, a: 0.4, b: 0.5 }, 10, 3, 5, 6],
  ])('equals the paper formula (%o, t = %s, x = %s, tx = %s, T = %s)', (params, t, x, tx, T) => {
    const expected = paperConditional(params, t, x, tx, T);
    expect(Math.abs(conditionalExpectedPurchases(params, t, x, tx, T) / expected - 1)).toBeLessThan(1e-12);
  });

  it('is continuous through a = 1, where the paper formula is 0/0', () => {
    const at = (a: number): number => conditionalExpectedPurchases({ ...CDNOW, a }, 39, 2, 30, 38);
    expect(Number.isFinite(at(1))).toBe(true);
    expect(Math.abs(at(1 - 1e-7) - at(1))).toBeLessThan(1e-6);
    expect(Math.abs(at(1 + 1e-7) - at(1))).toBeLessThan(1e-6);
    expect(Math.abs(at(1 - 1e-13) - at(1))).toBeLessThan(1e-12);
  });

  it('is 0 at t = 0 and increases with t', () => {
    expect(conditionalExpectedPurchases(CDNOW, 0, 2, 30, 38)).toBe(0);
    let previous = 0;
    for (const t of [0.1, 1, 5, 20, 52, 104, 520]) {
      const e = conditionalExpectedPurchases(CDNOW, t, 2, 30, 38);
      expect(e).toBeGreaterThan(previous);
      previous = e;
    }
  });

  it('has no NaN or Infinity for extreme inputs (x = 200, T = 500)', () => {
    for (const [t, x, tx, T] of [
      [52, 200, 499, 500],
      [52, 200, 1, 500],
      [5000, 200, 250, 500],
      [1e-9, 200, 500, 500],
      [52, 0, 0, 1e6],
      [52, 5000, 9000, 10000],
    ] as const) {
      const e = conditionalExpectedPurchases(CDNOW, t, x, tx, T);
      expect(Number.isFinite(e), `t=${t} x=${x} tx=${tx} T=${T}: ${e}`).toBe(true);
      expect(e).toBeGreaterThanOrEqual(0);
    }
    // A frequent buyer who stopped long ago is all but certainly gone; one buying until now is not.
    expect(conditionalExpectedPurchases(CDNOW, 52, 200, 1, 500)).toBeLessThan(1e-12);
    expect(conditionalExpectedPurchases(CDNOW, 52, 200, 499, 500)).toBeGreaterThan(15);
  });

  it('refuses a negative or infinite horizon', () => {
    expect(() => conditionalExpectedPurchases(CDNOW, -1, 0, 0, 1)).toThrowErrorMatchingInlineSnapshot(
      `[ClvInputError: t = -1; the prediction horizon must be finite and >= 0]`,
    );
    expect(() => conditionalExpectedPurchases(CDNOW, 5, 2, 3, 1)).toThrow(/need 0 <= tx <= T/);
  });
});

describe('expectedPurchases', () => {
  it('is the conditional expectation of a customer who has just bought (x = tx = T = 0)', () => {
    expect(expectedPurchases(CDNOW, 39)).toBe(conditionalExpectedPurchases(CDNOW, 39, 0, 0, 0));
    expect(Math.abs(expectedPurchases(CDNOW, 39) / paperConditional(CDNOW, 39, 0, 0, 0) - 1)).toBeLessThan(
      1e-12,
    );
  });

  it('copes with a + b = 1, where a + b + x - 1 = 0', () => {
    const e = expectedPurchases({ r: 0.5, alpha: 1, a: 0.3, b: 0.7 }, 10);
    const near = paperConditional({ r: 0.5, alpha: 1, a: 0.3, b: 0.7 + 1e-9 }, 10, 0, 0, 0);
    expect(Math.abs(e / near - 1)).toBeLessThan(1e-6);
  });

  it('matches the mean repeat purchases of 100,000 simulated new customers', () => {
    const params = { r: 0.8, alpha: 10, a: 0.9, b: 2 };
    const data = simulateBgNbd(params, 100_000, () => 200, mulberry32(3));
    const mean = data.x.reduce((s, x) => s + x, 0) / data.x.length;
    expect(Math.abs(mean / expectedPurchases(params, 200) - 1)).toBeLessThan(0.02);
  });
});

describe('probabilityAlive', () => {
  it('is exactly 1 for x = 0: nobody drops out before a repeat purchase', () => {
    for (const T of [0, 1, 38.86, 1e6]) expect(probabilityAlive(CDNOW, 0, 0, T)).toBe(1);
  });

  it('equals equation 11 and is 1 when the last purchase is at T', () => {
    const { r, alpha, a, b } = CDNOW;
    const expected = 1 / (1 + (a / (b + 2 - 1)) * Math.pow((alpha + 38.86) / (alpha + 30.43), r + 2));
    expect(probabilityAlive(CDNOW, 2, 30.43, 38.86)).toBeCloseTo(expected, 14);
    expect(probabilityAlive(CDNOW, 3, 10, 10)).toBeCloseTo(1 / (1 + a / (b + 2)), 14);
  });

  it('falls as the last purchase recedes, within [0, 1] and without NaN', () => {
    let previous = 1;
    for (const tx of [500, 400, 200, 50, 1, 0]) {
      const p = probabilityAlive(CDNOW, 200, tx, 500);
      expect(p).toBeLessThanOrEqual(previous);
      expect(p).toBeGreaterThanOrEqual(0);
      previous = p;
    }
    expect(probabilityAlive(CDNOW, 200, 0, 500)).toBe(0);
  });
});
