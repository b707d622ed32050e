import { describe, expect, it } from 'vitest';
import {
  conditionalExpectedPurchases,
  conditionalExpectedSpend,
  customerLifetimeValue,
  customerLifetimeValues,
  fitBgNbd,
  fitGammaGamma,
  type BgNbdParams,
  type GammaGammaParams,
} from './index.ts';
import { CDNOW_MISSING, readCdnowSummary } from './test-data.ts';

const BG: BgNbdParams = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
const GG: GammaGammaParams = { p: 6.2488, q: 3.7446, gamma: 15.4477 };
const CUSTOMER = { x: 2, tx: 30.43, T: 38.86, mbar: 22.35 };
const MONTHLY = { horizonPeriods: 52, periodsPerStep: 4.345, discountRatePerStep: 0.01 };

describe('customerLifetimeValue', () => {
  it('with no discount is expected purchases over the horizon times expected spend (the sum telescopes)', () => {
    const value = customerLifetimeValue(BG, GG, CUSTOMER, { ...MONTHLY, discountRatePerStep: 0 });
    const expected =
      conditionalExpectedPurchases(BG, 52, CUSTOMER.x, CUSTOMER.tx, CUSTOMER.T) *
      conditionalExpectedSpend(GG, CUSTOMER.x, CUSTOMER.mbar);
    expect(value).toBeCloseTo(expected, 10);
  });

  it('discounts each step once: one step of the whole horizon is divided by 1 + d', () => {
    const undiscounted = customerLifetimeValue(BG, GG, CUSTOMER, {
      horizonPeriods: 10,
      discountRatePerStep: 0,
      periodsPerStep: 10,
    });
    const oneStep = customerLifetimeValue(BG, GG, CUSTOMER, {
      horizonPeriods: 10,
      discountRatePerStep: 0.1,
      periodsPerStep: 10,
    });
    expect(oneStep).toBeCloseTo(undiscounted / 1.1, 12);
  });

  it('grows with the horizon', () => {
    let previous = 0;
    for (const horizonPeriods of [0, 1, 4.345, 10, 26, 52, 104, 520]) {
      const value = customerLifetimeValue(BG, GG, CUSTOMER, { ...MONTHLY, horizonPeriods });
      if (horizonPeriods === 0) expect(value).toBe(0);
      else expect(value).toBeGreaterThan(previous);
      previous = value;
    }
  });

  it('falls as the discount rate rises', () => {
    let previous = Infinity;
    for (const discountRatePerStep of [-0.01, 0, 0.005, 0.01, 0.05, 0.2, 1]) {
      const value = customerLifetimeValue(BG, GG, CUSTOMER, { ...MONTHLY, discountRatePerStep });
      expect(value).toBeLessThan(previous);
      previous = value;
    }
  });

  it('counts a last, shorter step: the horizon need not be a whole number of steps', () => {
    const whole = customerLifetimeValue(BG, GG, CUSTOMER, { ...MONTHLY, horizonPeriods: 4 * 4.345 });
    const partial = customerLifetimeValue(BG, GG, CUSTOMER, { ...MONTHLY, horizonPeriods: 4 * 4.345 + 1 });
    const next = customerLifetimeValue(BG, GG, CUSTOMER, { ...MONTHLY, horizonPeriods: 5 * 4.345 });
    expect(partial).toBeGreaterThan(whole);
    expect(partial).toBeLessThan(next);
  });

  it('has no NaN or Infinity for extreme customers (x = 200, T = 500)', () => {
    for (const customer of [
      { x: 200, tx: 499, T: 500, mbar: 1e4 },
      { x: 200, tx: 1, T: 500, mbar: 1e4 },
      { x: 0, tx: 0, T: 500, mbar: 0 },
      { x: 0, tx: 0, T: 0, mbar: 0 },
    ]) {
      const value = customerLifetimeValue(BG, GG, customer, { ...MONTHLY, horizonPeriods: 520 });
      expect(Number.isFinite(value), JSON.stringify(customer)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
    }
  });

  it('refuses bad options with messages that say what to give', () => {
    expect(() =>
      customerLifetimeValue(BG, GG, CUSTOMER, { ...MONTHLY, horizonPeriods: -1 }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ClvInputError: horizonPeriods = -1; give a finite horizon >= 0 in the fit's time unit]`,
    );
    expect(() => customerLifetimeValue(BG, GG, CUSTOMER, { ...MONTHLY, periodsPerStep: 0 })).toThrow(
      /periodsPerStep = 0/,
    );
    expect(() => customerLifetimeValue(BG, GG, CUSTOMER, { ...MONTHLY, discountRatePerStep: -1 })).toThrow(
      /give a rate > -1/,
    );
  });
});

describe('customerLifetimeValues', () => {
  it('equals customerLifetimeValue row by row and names the bad row', () => {
    const columns = {
      x: [0, 2, 7],
      tx: [0, 30.43, 29.43],
      T: [38.86, 38.86, 38.86],
      mbar: [0, 22.35, 73.74],
    };
    const values = customerLifetimeValues(BG, GG, columns, MONTHLY);
    values.forEach((v, i) =>
      expect(v).toBe(
        customerLifetimeValue(
          BG,
          GG,
          { x: columns.x[i]!, tx: columns.tx[i]!, T: columns.T[i]!, mbar: columns.mbar[i]! },
          MONTHLY,
        ),
      ),
    );
    expect(() =>
      customerLifetimeValues(BG, GG, { ...columns, tx: [0, 40, 1] }, MONTHLY),
    ).toThrowErrorMatchingInlineSnapshot(`[ClvInputError: row 1: tx = 40, T = 38.86; need 0 <= tx <= T]`);
  });
});

describe.skipIf(CDNOW_MISSING)('CLV on CDNOW against lifetimes', () => {
  it("matches lifetimes' customer_lifetime_value(time=12, discount_rate=0.01) from its docs", () => {
    const data = readCdnowSummary();
    const bg = fitBgNbd(data);
    const gg = fitGammaGamma({ x: data.x, mbar: data.zbar });
    // lifetimes' default freq='D' steps 30 time units at a time and this data is in weeks: twelve
    // steps of 30 weeks, discounted 1% a step. Customers 1, 2, 3, 6, 7 and 9 of its Quickstart.
    const options = { horizonPeriods: 360, periodsPerStep: 30, discountRatePerStep: 0.01 };
    for (const [x, tx, T, mbar, expected] of [
      [2, 30.43, 38.86, 22.35, 140.096211],
      [1, 1.71, 38.86, 11.77, 18.943467],
      [0, 0, 38.86, 0, 38.180574],
      [7, 29.43, 38.86, 73.74, 1003.868107],
      [1, 5, 38.86, 11.77, 28.109683],
      [2, 35.71, 38.86, 25.55, 167.418216],
    ] as const) {
      const value = customerLifetimeValue(bg, gg, { x, tx, T, mbar }, options);
      expect(Math.abs(value / expected - 1), `x=${x} tx=${tx}`).toBeLessThan(1e-5);
    }
  });
});
