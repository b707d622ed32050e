// Test support: readers for the public CDNOW data in ../shared/data/cdnow (beside the repo in CI,
// absent in a fresh clone, so the tests that need it skip). The only file reading in this folder.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Transaction } from './summary.ts';

export const CDNOW_DIR = fileURLToPath(new URL('../../../shared/data/cdnow', import.meta.url));
export const CDNOW_MISSING = !existsSync(CDNOW_DIR);
export const CDNOW_SKIP_NOTE = `skipping the CDNOW checks: ${CDNOW_DIR} is absent (it sits beside the repo in CI)`;

/** The published calibration summary, in weeks: one row per customer. */
export interface CdnowSummary {
  readonly id: string[];
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly zbar: Float64Array;
}

/** cdnow_customers_summary_with_transactions.csv (ID, x, t_x, T, zbar). */
export function readCdnowSummary(): CdnowSummary {
  const lines = readFileSync(`${CDNOW_DIR}/cdnow_customers_summary_with_transactions.csv`, 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const n = lines.length;
  const out = {
    id: [] as string[],
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    zbar: new Float64Array(n),
  };
  lines.forEach((line, i) => {
    const [id, x, tx, T, zbar] = line.trim().split(',');
    out.id.push(id!);
    out.x[i] = Number(x);
    out.tx[i] = Number(tx);
    out.T[i] = Number(T);
    out.zbar[i] = Number(zbar);
  });
  return out;
}

/** Day index (days since 1970-01-01) of a YYYYMMDD date. */
export function dayIndex(yyyymmdd: string): number {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** CDNOW_sample.txt (master_id, sample_id, YYYYMMDD, CDs, dollars) as transactions keyed by sample_id. */
export function readCdnowTransactions(): Transaction[] {
  return readFileSync(`${CDNOW_DIR}/CDNOW_sample.txt`, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [, sampleId, date, , dollars] = line.trim().split(/\s+/);
      return { customer: String(Number(sampleId)), day: dayIndex(date!), value: Number(dollars) };
    });
}
