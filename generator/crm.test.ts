import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmallRun } from './test-support.ts';
import { filesMatching, readCsv, smallRun } from './test-support.ts';

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

describe('CRM feed', () => {
  let run: SmallRun;
  let accounts: Record<string, string>[];
  let usage: Record<string, string>[];
  beforeAll(async () => {
    run = await smallRun({ customers: 300, days: 240, seed: 4 });
    accounts = await readCsv(run, filesMatching(run, /^crm\/accounts\.csv$/)[0]!);
    usage = await readCsv(run, filesMatching(run, /^crm\/usage_daily\.csv$/)[0]!);
  });
  afterAll(() => run.cleanup());

  it('shows usage falling in the months before an account churns, and none after', () => {
    const churned = accounts.filter((a) => a.status === 'churned');
    let compared = 0;
    for (const a of churned) {
      const churnAt = Date.parse(a.churned_at ?? '');
      const days = usage
        .filter((u) => u.account_code === a.account_code)
        .map((u) => ({
          before: (churnAt - Date.parse(u.date ?? '')) / 86_400_000,
          active: Number(u.active_users),
        }))
        .filter((u) => new Date(churnAt - u.before * 86_400_000).getUTCDay() % 6 !== 0);
      expect(days.every((u) => u.before > 0)).toBe(true);
      const healthy = days.filter((u) => u.before >= 100 && u.before < 150).map((u) => u.active);
      const last = days.filter((u) => u.before <= 30).map((u) => u.active);
      if (healthy.length < 10 || last.length < 10) continue;
      expect(mean(last)).toBeLessThan(0.6 * mean(healthy));
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(1);
  });

  it('keeps active users within seats and builds a group -> subsidiary -> site hierarchy', () => {
    const seats = new Map(accounts.map((a) => [a.account_code, Number(a.seats)]));
    for (const u of usage) expect(Number(u.active_users)).toBeLessThanOrEqual(seats.get(u.account_code) ?? 0);
    const codes = new Set(accounts.map((a) => a.account_code));
    for (const a of accounts) if (a.parent_account_code) expect(codes.has(a.parent_account_code)).toBe(true);
  });

  it('stamps lead stages in order, consistent with the status, slower from trade shows than from referrals, and opens an opportunity at each conversion', async () => {
    const leads = await readCsv(run, filesMatching(run, /^crm\/leads\.csv$/)[0]!);
    const opps = await readCsv(run, filesMatching(run, /^crm\/opportunities\.csv$/)[0]!);
    const at = (s: string | undefined) => (s ? Date.parse(s.replace(' ', 'T') + '+08:00') : NaN);
    const toMql: Record<string, number[]> = {};
    const opened = new Set(opps.map((o) => o.created_at));
    for (const l of leads) {
      const stamps = [l.created_at, l.mql_at, l.sql_at, l.converted_at].filter(Boolean).map(at);
      for (let k = 1; k < stamps.length; k++) expect(stamps[k]).toBeGreaterThan(stamps[k - 1]!);
      const reached = [l.mql_at, l.sql_at, l.converted_at].filter(Boolean).length;
      if (l.status !== 'disqualified')
        expect(l.status).toBe(['new', 'working', 'qualified', 'converted'][reached]);
      if (l.status === 'converted') expect(opened.has(l.converted_at)).toBe(true);
      if (l.mql_at) (toMql[l.source!] ??= []).push((at(l.mql_at) - at(l.created_at)) / 86_400_000);
    }
    expect(leads.some((l) => l.status === 'disqualified' && l.mql_at)).toBe(true);
    expect(mean(toMql['展会'] ?? [])).toBeGreaterThan(2 * mean(toMql['转介绍'] ?? []));
  });

  it('gives several contacts of one account the same shared mailbox (a hard negative)', async () => {
    const contacts = await readCsv(run, filesMatching(run, /^crm\/contacts\.csv$/)[0]!);
    const perEmail = new Map<string, Set<string>>();
    for (const c of contacts) {
      const email = (c.email ?? '').trim().toLowerCase();
      if (!email) continue;
      if (!perEmail.has(email)) perEmail.set(email, new Set());
      perEmail.get(email)?.add(c.contact_id ?? '');
    }
    expect([...perEmail.values()].some((ids) => ids.size >= 2)).toBe(true);
  });
});
