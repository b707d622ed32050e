import { describe, expect, it } from 'vitest';
import {
  ClvNumericError,
  digamma,
  hyp2f1,
  log1pExp,
  logBeta,
  logGamma,
  logSumExp,
  logSumExpArray,
} from './index.ts';

const EULER_GAMMA = 0.5772156649015329;

/** |actual - expected| <= tol * max(1, |expected|). */
function expectNear(actual: number, expected: number, tol: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    tol * Math.max(1, Math.abs(expected)),
  );
}

describe('logGamma', () => {
  // Exact forms where there is one, else Python's math.lgamma (correctly rounded to within an ulp or two).
  it.each([
    [0.5, 0.5 * Math.log(Math.PI)],
    [1, 0],
    [2, 0],
    [1.5, Math.log(Math.sqrt(Math.PI) / 2)],
    [2.5, Math.log((3 * Math.sqrt(Math.PI)) / 4)],
    [3, Math.LN2],
    [7.3, 7.147892523022248],
    [10, Math.log(362880)],
    [100, 359.1342053695754],
    [171.3, 708.114947038997],
    [12345.678, 103959.91990554606],
    [1e6, 12815504.569147611],
    [1e-10, 23.025850929882736],
    [1e-3, 6.907178885383854],
    [0.243, 1.3180435846996699],
  ])('lnΓ(%s) = %s to 1e-14', (x, expected) => {
    expectNear(logGamma(x), expected, 1e-14);
  });

  it('satisfies lnΓ(x+1) = lnΓ(x) + ln x across the switch to the asymptotic series', () => {
    for (let x = 0.05; x < 30; x += 0.37) expectNear(logGamma(x + 1), logGamma(x) + Math.log(x), 1e-14);
  });

  it('is Infinity at 0 and NaN for negative or NaN input', () => {
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-1.5)).toBeNaN();
    expect(logGamma(NaN)).toBeNaN();
    expect(logGamma(Infinity)).toBe(Infinity);
  });
});

describe('digamma', () => {
  it.each([
    [1, -EULER_GAMMA],
    [0.5, -EULER_GAMMA - 2 * Math.LN2],
    [2, 1 - EULER_GAMMA],
    [10, 2.251752589066721],
    [100, 4.600161852738087],
  ])('ψ(%s) = %s', (x, expected) => {
    expectNear(digamma(x), expected, 1e-14);
  });

  it('is the derivative of logGamma', () => {
    for (const x of [0.01, 0.3, 1.7, 9.99, 10.01, 55]) {
      const h = 1e-5 * x;
      expectNear(digamma(x), (logGamma(x + h) - logGamma(x - h)) / (2 * h), 1e-7);
    }
  });

  it('satisfies ψ(x+1) = ψ(x) + 1/x', () => {
    for (let x = 0.05; x < 30; x += 0.37) expectNear(digamma(x + 1), digamma(x) + 1 / x, 1e-13);
  });
});

describe('logBeta', () => {
  it('is ln of B(a, b) = Γ(a)Γ(b)/Γ(a+b)', () => {
    expectNear(logBeta(1, 1), 0, 1e-14);
    expectNear(logBeta(2, 3), Math.log(1 / 12), 1e-14);
    expectNear(logBeta(0.5, 0.5), Math.log(Math.PI), 1e-14);
  });
});

describe('log-sum-exp', () => {
  it('does not overflow or underflow', () => {
    expect(logSumExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp(-1000, -1000)).toBeCloseTo(-1000 + Math.LN2, 12);
    expect(logSumExp(0, -Infinity)).toBe(0);
    expect(logSumExp(-Infinity, -Infinity)).toBe(-Infinity);
    expect(logSumExpArray([1000, 1000, 1000])).toBeCloseTo(1000 + Math.log(3), 12);
    expect(logSumExpArray([])).toBe(-Infinity);
    expect(log1pExp(800)).toBe(800);
    expect(log1pExp(-800)).toBe(Math.exp(-800));
    expect(log1pExp(0)).toBeCloseTo(Math.LN2, 15);
  });
});

describe('hyp2f1', () => {
  it('matches closed forms', () => {
    for (const z of [-0.9, -0.3, 0.1, 0.5, 0.9, 0.99]) {
      expectNear(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z, 1e-14);
      expectNear(hyp2f1(2.7, 1.3, 1.3, z), Math.pow(1 - z, -2.7), 1e-13);
    }
    for (const s of [0.1, 0.5, 0.9]) expectNear(hyp2f1(0.5, 0.5, 1.5, s * s), Math.asin(s) / s, 1e-14);
    expect(hyp2f1(1, 2, 3, 0)).toBe(1);
  });

  // Reference values from the series summed to 50 digits in Python's decimal module, rounded to doubles.
  it.each([
    [2.243, 4.426, 4.219, 0.5, 5.161693901383613],
    [1, 1, 2, 0.9, 2.5584278811044956],
    [1.5, -0.3, 2.7, -0.8, 1.1141563322175165],
    [0.243, 2.426, 2.219, 0.95, 2.4461866770309917],
    [3, 4, 7.5, 0.99, 46.44126017356533],
  ])('2F1(%s, %s; %s; %s) = %s to 1e-14', (a, b, c, z, expected) => {
    expectNear(hyp2f1(a, b, c, z), expected, 1e-14);
  });

  it('terminates for a non-positive integer a: a polynomial', () => {
    // 2F1(-2, b; c; z) = 1 - 2bz/c + b(b+1)z²/(c(c+1))
    expectNear(hyp2f1(-2, 3, 4, 0.5), 1 - (2 * 3 * 0.5) / 4 + (3 * 4 * 0.25) / 20, 1e-15);
  });

  it('refuses |z| >= 1, c a non-positive integer, and too few terms', () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(ClvNumericError);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrowErrorMatchingInlineSnapshot(
      `[ClvNumericError: 2F1 is undefined for c = -2 (a non-positive integer)]`,
    );
    expect(() => hyp2f1(1, 1, 2, 0.999, 100)).toThrow(/did not converge in 100 terms/);
  });
});
