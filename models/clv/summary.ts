// Reference implementation of the calibration summary (x, tx, T, mbar) from raw transactions. The
// production path computes the same in SQL; this one pins the conventions that reproduce the CDNOW
// summary of the literature exactly.
import { ClvInputError } from './errors.ts';

/** One purchase: `day` is an integer day index (e.g. days since 1970-01-01 in the shop's time zone). */
export interface Transaction {
  readonly customer: string;
  readonly day: number;
  readonly value: number;
}

/** One customer's calibration summary, ages in periods; mbar is 0 when x = 0. */
export interface CustomerSummary {
  readonly customer: string;
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly mbar: number;
}

/**
 * Per-customer x, tx, T and mbar over purchases up to and including calibrationEndDay. Purchases on one
 * day are one transaction (values summed); x = days with a purchase after the first; tx = last - first
 * and T = calibrationEndDay - first, in periods of periodDays (7 for weeks); mbar = mean value of the
 * repeat transactions. Customers in order of first appearance; those first buying after the end are left out.
 */
export function summariseTransactions(
  transactions: readonly Transaction[],
  calibrationEndDay: number,
  periodDays: number,
): CustomerSummary[] {
  if (!Number.isInteger(calibrationEndDay)) {
    throw new ClvInputError(`calibrationEndDay = ${calibrationEndDay}; give an integer day index`);
  }
  if (!(periodDays > 0 && Number.isFinite(periodDays))) {
    throw new ClvInputError(`periodDays = ${periodDays}; give the period length in days, e.g. 7 for weeks`);
  }
  const byCustomer = new Map<string, Map<number, number>>();
  transactions.forEach((t, i) => {
    if (!Number.isInteger(t.day)) {
      throw new ClvInputError(`transaction ${i}: day = ${t.day}; give an integer day index`, i);
    }
    if (!Number.isFinite(t.value)) {
      throw new ClvInputError(`transaction ${i}: value = ${t.value}; give a finite amount`, i);
    }
    if (t.day > calibrationEndDay) return;
    let days = byCustomer.get(t.customer);
    if (days === undefined) {
      days = new Map();
      byCustomer.set(t.customer, days);
    }
    days.set(t.day, (days.get(t.day) ?? 0) + t.value);
  });

  const out: CustomerSummary[] = [];
  for (const [customer, days] of byCustomer) {
    const ordered = [...days.keys()].sort((u, v) => u - v);
    const first = ordered[0]!;
    const last = ordered[ordered.length - 1]!;
    let repeatValue = 0;
    for (let k = 1; k < ordered.length; k++) repeatValue += days.get(ordered[k]!)!;
    const x = ordered.length - 1;
    out.push({
      customer,
      x,
      tx: (last - first) / periodDays,
      T: (calibrationEndDay - first) / periodDays,
      mbar: x > 0 ? repeatValue / x : 0,
    });
  }
  return out;
}

/** Columns of customer summaries, ready for fitBgNbd, fitGammaGamma and customerLifetimeValues. */
export function summaryColumns(rows: readonly CustomerSummary[]): {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  mbar: Float64Array;
} {
  return {
    x: Float64Array.from(rows, (r) => r.x),
    tx: Float64Array.from(rows, (r) => r.tx),
    T: Float64Array.from(rows, (r) => r.T),
    mbar: Float64Array.from(rows, (r) => r.mbar),
  };
}
