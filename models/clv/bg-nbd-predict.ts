// BG/NBD predictions: expected purchases (new and existing customers) and P(alive), in log-space
// where the paper's formulas would overflow for large x or T.
import { checkBgNbdParams, type BgNbdParams } from './bg-nbd.ts';
import { ClvInputError } from './errors.ts';
import { hypergeometricTail, log1pExp } from './special.ts';

/** E[X(t)]: expected repeat purchases in (0, t] of a customer who has just made a first purchase. */
export function expectedPurchases(params: BgNbdParams, t: number): number {
  return conditionalExpectedPurchases(params, t, 0, 0, 0);
}

/**
 * E[Y(t) | x, tx, T]: expected purchases in (T, T + t] of a customer with x repeat purchases, the last at
 * age tx, observed to age T (paper, equation 10). t, tx and T in the time unit of the fit.
 */
export function conditionalExpectedPurchases(
  params: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  checkBgNbdParams(params);
  checkCustomer(x, tx, T);
  if (!(t >= 0 && Number.isFinite(t))) {
    throw new ClvInputError(`t = ${t}; the prediction horizon must be finite and >= 0`);
  }
  if (t === 0) return 0;
  return purchasesIfAlive(params, t, x, T) * probabilityAliveUnchecked(params, x, tx, T);
}

/** P(alive at T | x, tx, T) (paper, equation 11); exactly 1 for x = 0, since nobody drops out before a repeat purchase. */
export function probabilityAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  checkBgNbdParams(params);
  checkCustomer(x, tx, T);
  return probabilityAliveUnchecked(params, x, tx, T);
}

/** Numerator of equation 10 for inputs already checked: E[Y(t)] given alive at T. */
export function purchasesIfAlive(params: BgNbdParams, t: number, x: number, T: number): number {
  const { r, alpha, a, b } = params;
  // The paper's (a+b+x-1)/(a-1) [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)] has 2F1 of order
  // (1-z)^-(r+x), overflowing for large x, and a 0/0 at a = 1. Euler's transformation gives
  // ((α+T)/(α+T+t))^(r+x) 2F1(...) = (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z), whose terms shrink as x
  // grows; with ε = a - 1 and L = ln(1-z):
  //   [1 - e^(εL) 2F1] / ε = -expm1(εL)/ε - e^(εL) S,  S = (2F1 - 1)/ε = Σ_{n>=1} terms with ε divided out,
  // which is smooth through a = 1.
  const z = t / (alpha + T + t);
  const L = -Math.log1p(t / (alpha + T));
  const eps = a - 1;
  const expm1Term = eps === 0 ? L : Math.expm1(eps * L) / eps;
  const c = a + b + x - 1;
  // c S, summed with c folded into its first term, as c = 0 (a + b = 1, x = 0) is allowed.
  const cS = hypergeometricTail(a + b - 1 - r, eps, c, z, (a + b - 1 - r) * z, 1);
  return -c * expm1Term - Math.exp(eps * L) * cS;
}

/** P(alive) for inputs already checked: 1 / (1 + [x > 0] a/(b+x-1) ((α+T)/(α+tx))^(r+x)), in logs. */
export function probabilityAliveUnchecked(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOddsDead =
    Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return Math.exp(-log1pExp(logOddsDead));
}

/** Throws ClvInputError unless x is a count and 0 <= tx <= T (tx = 0 when x = 0). */
export function checkCustomer(x: number, tx: number, T: number): void {
  if (!(Number.isInteger(x) && x >= 0)) {
    throw new ClvInputError(`x = ${x}; x counts repeat purchases, a whole number >= 0`);
  }
  if (!(tx >= 0 && T >= tx && Number.isFinite(T))) {
    throw new ClvInputError(`tx = ${tx}, T = ${T}; need 0 <= tx <= T`);
  }
  if (x === 0 && tx !== 0) throw new ClvInputError(`x = 0 but tx = ${tx}; without a repeat purchase tx is 0`);
}
