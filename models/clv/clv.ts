// Customer lifetime value as in the lifetimes library: expected purchases per discount step (BG/NBD)
// times expected value per purchase (Gamma-Gamma), discounted per step.
//
// Units: the caller picks one time unit for the BG/NBD fit and the (x, tx, T) given here, e.g. weeks.
// horizonPeriods and periodsPerStep are in that unit; discountRatePerStep applies once per step.
// Monthly discounting of a weekly fit: periodsPerStep = 365.25 / 12 / 7 ≈ 4.348 (lifetimes uses 4.345),
// horizonPeriods = 52 for one year, discountRatePerStep = the monthly rate. The value is in the
// currency of mbar.
import { checkBgNbdParams, type BgNbdParams } from './bg-nbd.ts';
import { checkCustomer, probabilityAliveUnchecked, purchasesIfAlive } from './bg-nbd-predict.ts';
import { ClvInputError } from './errors.ts';
import { checkGammaGammaParams, conditionalExpectedSpend, type GammaGammaParams } from './gamma-gamma.ts';

export interface ClvOptions {
  /** How far ahead, in the fit's time unit (e.g. 52 for a year of a weekly fit). */
  readonly horizonPeriods: number;
  /** Length of one discount step in the fit's time unit; default 1. The last step may be shorter. */
  readonly periodsPerStep?: number;
  /** Discount rate per step (e.g. 0.01 a month); > -1. */
  readonly discountRatePerStep: number;
}

/** One customer's summary: x, tx, T in the fit's time unit, mbar = mean value of the repeat purchases. */
export interface ClvCustomer {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly mbar: number;
}

/**
 * Σ_{i=1..n} (E[purchases by t_i] - E[purchases by t_{i-1}]) E[spend] / (1 + d)^i with t_i = min(i step,
 * horizon) and n = ceil(horizon / step): the discounted expected value of the customer's purchases.
 */
export function customerLifetimeValue(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  customer: ClvCustomer,
  options: ClvOptions,
): number {
  checkBgNbdParams(bg);
  checkGammaGammaParams(gg);
  const steps = stepTimes(options);
  return lifetimeValue(bg, gg, customer, steps, options.discountRatePerStep);
}

/**
 * customerLifetimeValue over columns of customers (e.g. from summaryColumns). The discounted purchase
 * sum depends on (x, T) only, so it is computed once per distinct pair.
 */
export function customerLifetimeValues(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  customers: {
    readonly x: ArrayLike<number>;
    readonly tx: ArrayLike<number>;
    readonly T: ArrayLike<number>;
    readonly mbar: ArrayLike<number>;
  },
  options: ClvOptions,
): Float64Array {
  checkBgNbdParams(bg);
  checkGammaGammaParams(gg);
  const steps = stepTimes(options);
  const n = customers.x.length;
  if (customers.tx.length !== n || customers.T.length !== n || customers.mbar.length !== n) {
    throw new ClvInputError('x, tx, T and mbar have different lengths: give one value per customer');
  }
  const byX = new Map<number, Map<number, number>>();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = customers.x[i]!;
    const tx = customers.tx[i]!;
    const T = customers.T[i]!;
    try {
      checkCustomer(x, tx, T);
      const spend = conditionalExpectedSpend(gg, x, customers.mbar[i]!);
      let byT = byX.get(x);
      if (byT === undefined) {
        byT = new Map();
        byX.set(x, byT);
      }
      let purchases = byT.get(T);
      if (purchases === undefined) {
        purchases = discountedPurchasesIfAlive(bg, x, T, steps, options.discountRatePerStep);
        byT.set(T, purchases);
      }
      out[i] = purchases * probabilityAliveUnchecked(bg, x, tx, T) * spend;
    } catch (error) {
      if (error instanceof ClvInputError) throw new ClvInputError(`row ${i}: ${error.message}`, i);
      throw error;
    }
  }
  return out;
}

function lifetimeValue(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  customer: ClvCustomer,
  steps: Float64Array,
  discountRate: number,
): number {
  const { x, tx, T, mbar } = customer;
  checkCustomer(x, tx, T);
  const spend = conditionalExpectedSpend(gg, x, mbar);
  return (
    discountedPurchasesIfAlive(bg, x, T, steps, discountRate) *
    probabilityAliveUnchecked(bg, x, tx, T) *
    spend
  );
}

/**
 * Σ_i (E[Y(t_i)] - E[Y(t_{i-1})]) / (1 + d)^i for a customer alive at T. P(alive) is a common factor of
 * every step's expectation, so it is applied once outside.
 */
function discountedPurchasesIfAlive(
  bg: BgNbdParams,
  x: number,
  T: number,
  steps: Float64Array,
  discountRate: number,
): number {
  let value = 0;
  let previous = 0;
  let discount = 1;
  for (let i = 0; i < steps.length; i++) {
    discount /= 1 + discountRate;
    const cumulative = purchasesIfAlive(bg, steps[i]!, x, T);
    value += (cumulative - previous) * discount;
    previous = cumulative;
  }
  return value;
}

/** t_1..t_n: the ends of the discount steps. */
function stepTimes(options: ClvOptions): Float64Array {
  const { horizonPeriods: horizon, discountRatePerStep: rate } = options;
  const step = options.periodsPerStep ?? 1;
  if (!(horizon >= 0 && Number.isFinite(horizon))) {
    throw new ClvInputError(`horizonPeriods = ${horizon}; give a finite horizon >= 0 in the fit's time unit`);
  }
  if (!(step > 0 && Number.isFinite(step))) {
    throw new ClvInputError(`periodsPerStep = ${step}; give the step length (> 0) in the fit's time unit`);
  }
  if (!(rate > -1 && Number.isFinite(rate))) {
    throw new ClvInputError(`discountRatePerStep = ${rate}; give a rate > -1, e.g. 0.01 for 1% a step`);
  }
  // A horizon a rounding error past a whole number of steps does not add a sliver of a step.
  const n = Math.max(0, Math.ceil(horizon / step - 1e-9));
  return Float64Array.from({ length: n }, (_, i) => Math.min((i + 1) * step, horizon));
}
