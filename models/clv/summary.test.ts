import { describe, expect, it } from 'vitest';
import { summariseTransactions, summaryColumns } from './index.ts';
import { CDNOW_MISSING, dayIndex, readCdnowSummary, readCdnowTransactions } from './test-data.ts';

describe('summariseTransactions', () => {
  it('merges same-day purchases, counts repeat days and averages repeat values', () => {
    const rows = summariseTransactions(
      [
        { customer: 'a', day: 10, value: 5 },
        { customer: 'b', day: 12, value: 7 },
        { customer: 'a', day: 24, value: 3 },
        { customer: 'a', day: 24, value: 4 }, // same day: one transaction of 7
        { customer: 'a', day: 17, value: 11 },
        { customer: 'a', day: 40, value: 100 }, // after the calibration end
        { customer: 'c', day: 31, value: 1 }, // first purchase after the end: left out
      ],
      30,
      7,
    );
    expect(rows).toEqual([
      { customer: 'a', x: 2, tx: 2, T: 20 / 7, mbar: 9 },
      { customer: 'b', x: 0, tx: 0, T: 18 / 7, mbar: 0 },
    ]);
    expect(summaryColumns(rows).T).toEqual(Float64Array.of(20 / 7, 18 / 7));
  });

  it('includes purchases on the calibration end day (T measured to that day index)', () => {
    const [row] = summariseTransactions(
      [
        { customer: 'a', day: 0, value: 1 },
        { customer: 'a', day: 7, value: 2 },
      ],
      7,
      7,
    );
    expect(row).toEqual({ customer: 'a', x: 1, tx: 1, T: 1, mbar: 2 });
  });

  it('refuses fractional days and bad periods', () => {
    expect(() =>
      summariseTransactions([{ customer: 'a', day: 1.5, value: 1 }], 10, 7),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ClvInputError: transaction 0: day = 1.5; give an integer day index]`,
    );
    expect(() => summariseTransactions([], 10, 0)).toThrow(/periodDays = 0/);
  });
});

describe.skipIf(CDNOW_MISSING)('summariseTransactions on CDNOW_sample.txt', () => {
  it('reproduces cdnow_customers_summary_with_transactions.csv for every customer', () => {
    const expected = readCdnowSummary();
    const rows = summariseTransactions(readCdnowTransactions(), dayIndex('19970930'), 7);
    expect(rows).toHaveLength(expected.id.length);
    const byId = new Map(rows.map((r) => [r.customer, r]));
    expected.id.forEach((id, i) => {
      const row = byId.get(id);
      expect(row, `customer ${id}`).toBeDefined();
      expect(row!.x, `customer ${id} x`).toBe(expected.x[i]);
      // The file is rounded to 2 decimals; half-cents round either way there.
      expect(Math.abs(row!.tx - expected.tx[i]!), `customer ${id} t_x`).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(row!.T - expected.T[i]!), `customer ${id} T`).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(row!.mbar - expected.zbar[i]!), `customer ${id} zbar`).toBeLessThanOrEqual(
        0.005 + 1e-9,
      );
    });
  });
});
