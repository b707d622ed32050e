import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmallRun } from './test-support.ts';
import { filesMatching, readCsv, smallRun } from './test-support.ts';

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const grouped = new WeakMap<object, Map<string, Record<string, string>[]>>();
/** Rows by account_code, computed once per file. */
function byAccount(rows: Record<string, string>[]): Map<string, Record<string, string>[]> {
  let m = grouped.get(rows);
  if (!m) {
    m = new Map();
    for (const r of rows) m.set(r.account_code!, [...(m.get(r.account_code!) ?? []), r]);
    grouped.set(rows, m);
  }
  return m;
}

describe('equipment feed', () => {
  let run: SmallRun;
  let accounts: Record<string, string>[];
  let telemetry: Record<string, string>[];
  let failures: Record<string, string>[];
  let orders: Record<string, string>[];
  let machines: Record<string, string>[];
  const file = (name: string) => readCsv(run, filesMatching(run, new RegExp(`^${name}$`))[0]!);
  beforeAll(async () => {
    run = await smallRun({ customers: 8000, days: 540, seed: 5 });
    accounts = await file('crm/accounts\\.csv');
    machines = await file('equipment/machines\\.csv');
    telemetry = await file('equipment/telemetry_daily\\.csv');
    failures = await file('equipment/failures\\.csv');
    orders = await file('equipment/parts_orders\\.csv');
  }, 60_000);
  afterAll(() => run.cleanup());

  it('installs machines at contracted accounts of the equipment industries only, with telemetry within scheduled hours', () => {
    const byCode = new Map(accounts.map((a) => [a.account_code, a]));
    expect(machines.length).toBeGreaterThan(10);
    for (const m of machines) {
      const a = byCode.get(m.account_code!)!;
      expect(['制造', '医疗', '餐饮']).toContain(a.industry);
      expect(a.contract_start).not.toBe('');
    }
    for (const t of telemetry) {
      expect(Number(t.running_hours)).toBeLessThanOrEqual(Number(t.scheduled_hours));
      expect(Number(t.running_hours)).toBeGreaterThanOrEqual(0);
    }
  });

  it('shows churners running their machines less, breaking down more per running hour and buying fewer consumables before they churn, and nothing after', () => {
    // Per account: the 90 days before churn against days 150-240 before it; stayers over the last
    // 90 days of the window against the same earlier span.
    const end = Date.parse(run.manifest.window.endExclusive);
    const windows = (a: Record<string, string>) => {
      const churn = a.churned_at ? Date.parse(a.churned_at) : end;
      const days = (d: string) => (churn - Date.parse(d.slice(0, 10))) / 86_400_000;
      const late = (d: string) => days(d) > 0 && days(d) <= 90;
      const early = (d: string) => days(d) > 150 && days(d) <= 240;
      return { days, late, early };
    };
    // Pooled over the accounts of a status: late window against early window.
    const change = (status: string) => {
      const t = { n: 0, run: [0, 0], scheduled: [0, 0], failures: [0, 0], bought: [0, 0] };
      for (const a of accounts.filter((x) => x.status === status)) {
        const { days, late, early } = windows(a);
        const tel = byAccount(telemetry).get(a.account_code!) ?? [];
        if (tel.length === 0) continue;
        expect(tel.every((r) => days(r.date!) > 0)).toBe(true);
        if (!tel.some((r) => early(r.date!))) continue;
        t.n++;
        [early, late].forEach((w, k) => {
          const rows = tel.filter((r) => w(r.date!));
          t.run[k]! += sum(rows.map((r) => Number(r.running_hours)));
          t.scheduled[k]! += sum(rows.map((r) => Number(r.scheduled_hours)));
          t.failures[k]! += (byAccount(failures).get(a.account_code!) ?? []).filter((f) =>
            w(f.occurred_at!),
          ).length;
          t.bought[k]! += sum(
            (byAccount(orders).get(a.account_code!) ?? [])
              .filter((o) => o.category === 'consumables' && w(o.ordered_at!))
              .map((o) => Number(o.amount)),
          );
        });
      }
      return {
        n: t.n,
        utilisation: t.run[1]! / t.scheduled[1]! / (t.run[0]! / t.scheduled[0]!),
        failures: t.failures[1]! / t.run[1]! / (t.failures[0]! / t.run[0]!),
        consumables: t.bought[1]! / t.bought[0]!,
      };
    };
    const churners = change('churned');
    const stayers = change('active');
    expect(churners.n).toBeGreaterThanOrEqual(3);
    expect(churners.utilisation).toBeLessThan(0.8);
    expect(stayers.utilisation).toBeGreaterThan(0.9);
    expect(churners.failures).toBeGreaterThan(1.3 * stayers.failures);
    expect(churners.consumables).toBeLessThan(0.75 * stayers.consumables);
  });
});
