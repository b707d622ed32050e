// crm/ account-level files: accounts.csv (hierarchy, contract, status and churned_at), opportunities.csv
// (renewals, expansions, and one per converted lead, opened when it converted) with
// opportunity_stage_history.csv, and usage_daily.csv. Usage of an account that churns declines
// over the 60-90 days before churn (the signal health scores must pick up) and stops at churn.

import type { Account } from './crm-accounts.ts';
import { cityAt } from './places.ts';
import type { Rng } from './random.ts';
import { rngFor } from './random.ts';
import { officeSecond } from './seasonality.ts';
import { STREAM } from './streams.ts';
import type { World } from './world.ts';
import { csvRow } from './writer.ts';

const ACCOUNT_HEADER =
  'account_code,name,parent_account_code,level,industry,city,tier,contract_start,renewal_date,seats,status,churned_at';
const OPP_HEADER =
  'opportunity_id,account_code,name,amount,currency,stage,forecast_category,probability,close_date,created_at';
const HISTORY_HEADER = 'opportunity_id,stage,forecast_category,amount,changed_at';
const USAGE_HEADER =
  'account_code,date,active_users,seats,feature_reports,feature_automation,feature_api_calls,feature_mobile_sessions';
/** [stage, forecast category, probability %] in pipeline order. */
const STAGES: readonly (readonly [string, string, number])[] = [
  ['Prospecting', 'Pipeline', 10],
  ['Qualification', 'Pipeline', 20],
  ['Proposal', 'Best Case', 50],
  ['Negotiation', 'Commit', 75],
  ['Closed Won', 'Closed', 100],
  ['Closed Lost', 'Omitted', 0],
];

/** How much of its healthy usage an account shows on a day (1 = healthy, falling before churn). */
export function usageHealth(a: Account, day: number): number {
  if (a.churnDay < 0) return 1;
  const span = 60 + (a.index % 31);
  const toChurn = a.churnDay - day;
  return toChurn >= span ? 1 : 0.15 + (0.85 * Math.max(0, toChurn)) / span;
}

/** Writes the four account-level files. */
export async function writeAccountFiles(world: World): Promise<void> {
  const { ctx, output, counts } = world;
  const { cal, accounts } = ctx;
  const accountsOut = output.open('crm/accounts.csv', 'crm', ACCOUNT_HEADER);
  for (const a of accounts) {
    const churned = a.churnDay >= 0 && a.churnDay < cal.days;
    const renewal = churned || a.renewalDay >= cal.days ? a.renewalDay : a.renewalDay + 365;
    accountsOut.line(
      csvRow([
        a.code,
        a.name,
        a.parent >= 0 ? (accounts[a.parent]?.code ?? '') : '',
        a.level,
        a.industry,
        cityAt(a.cityIndex).city,
        a.tier,
        a.contracted ? cal.date(a.contractStartDay) : '',
        a.contracted ? cal.date(renewal) : '',
        a.contracted ? a.seats : '',
        churned ? 'churned' : 'active',
        churned ? cal.date(a.churnDay) : '',
      ]),
    );
    counts.add('crm', churned ? 'accounts_churned' : 'accounts_active');
  }
  await accountsOut.close();
  await writeOpportunities(world);
  await writeUsage(world);
}

async function writeOpportunities(world: World): Promise<void> {
  const { ctx, output, counts } = world;
  const { cal } = ctx;
  const opps = output.open('crm/opportunities.csv', 'crm', OPP_HEADER);
  const history = output.open('crm/opportunity_stage_history.csv', 'crm', HISTORY_HEADER);
  let seq = 0;
  const end = cal.days * 86_400;
  for (const a of ctx.accounts) {
    const conversions = world.conversionsByAccount[a.index] ?? [];
    // A group holds no contract of its own, but a lead converted at group level opens an opportunity.
    if (!a.contracted && conversions.length === 0) continue;
    const rng = rngFor(ctx.seed, STREAM.crm, a.index, 1);
    const plans: [string, number, number, number][] = [];
    const pricePerSeat = rng.pick([1200, 1800, 2400, 3600]);
    // [name, amount, close day, final stage index]
    if (a.contracted) {
      // A renewal at every contract anniversary (the first, and later ones that may open within the
      // window: up to 150 days ahead) until the account churns at one; expansions about one a year.
      for (let day = a.renewalDay; day === a.renewalDay || day < cal.days + 150; day += 365) {
        const renewalFinal = a.churnDay >= 0 ? 5 : day < cal.days ? 4 : rng.int(4);
        plans.push([`${a.name} 续约`, a.seats * pricePerSeat, day, renewalFinal]);
        if (a.churnDay >= 0) break;
      }
      for (let k = rng.int(3 * Math.ceil(cal.days / 365)); k > 0; k--) {
        const close = rng.int(cal.days + 90);
        const final = close < cal.days ? (rng.chance(0.45) ? 4 : 5) : rng.int(4);
        plans.push([`${a.name} 增购`, rng.between(5, 40) * pricePerSeat, close, final]);
      }
    }
    // [name, amount, close day, final stage index, created second or -1 for closeDay - 30..150 days]
    const all: [string, number, number, number, number][] = plans.map((p) => [...p, -1]);
    for (const at of conversions) {
      const close = Math.floor(at / 86_400) + rng.between(20, 120);
      const final = close < cal.days ? (rng.chance(0.5) ? 4 : 5) : rng.int(4);
      all.push([`${a.name} 新增需求`, rng.between(3, 20) * pricePerSeat, close, final, at]);
    }
    for (const [name, amount, closeDay, final, createdAt] of all) {
      const created = createdAt >= 0 ? Math.floor(createdAt / 86_400) : closeDay - rng.between(30, 150);
      if (created >= cal.days) continue;
      const id = `OP${String(++seq).padStart(7, '0')}`;
      const path = final === 5 ? [...Array(rng.between(1, 4)).keys(), 5] : [...Array(final + 1).keys()];
      const times = stageTimes(rng, created, closeDay, path.length);
      if (createdAt >= 0) {
        // Opened at the lead's conversion, to the second; later changes stay after it.
        times[0] = createdAt;
        for (let k = 1; k < times.length; k++) times[k] = Math.max(times[k]!, times[k - 1]! + 3_600);
      }
      let last = 0;
      path.forEach((stage, k) => {
        const t = times[k] as number;
        if (t >= end) return;
        last = stage;
        const [label, category] = STAGES[stage] as readonly [string, string, number];
        history.line(csvRow([id, label, category, amount, cal.local(t)]));
      });
      const [label, category, probability] = STAGES[last] as readonly [string, string, number];
      opps.line(
        csvRow([
          id,
          a.code,
          name,
          amount,
          'CNY',
          label,
          category,
          probability,
          cal.date(closeDay),
          cal.local(times[0] as number),
        ]),
      );
      counts.add('crm', 'opportunities');
    }
  }
  await opps.close();
  await history.close();
}

function stageTimes(rng: Rng, created: number, close: number, n: number): number[] {
  const points = Array.from({ length: n - 1 }, () => created + rng.int(Math.max(1, close - created))).sort(
    (x, y) => x - y,
  );
  return [created, ...points.slice(0, n - 2), close].slice(0, n).map((d) => d * 86_400 + officeSecond(rng));
}

async function writeUsage(world: World): Promise<void> {
  const { ctx, output, counts } = world;
  const { cal, season } = ctx;
  const usage = output.open('crm/usage_daily.csv', 'crm', USAGE_HEADER);
  for (const a of ctx.accounts) {
    if (!a.contracted) continue;
    const rng = rngFor(ctx.seed, STREAM.usage, a.index);
    const from = Math.max(0, a.contractStartDay);
    const to = a.churnDay >= 0 ? Math.min(cal.days, a.churnDay) : cal.days;
    const apiHeavy = a.industry === '互联网' || a.industry === '金融' ? 40 : 8;
    for (let day = from; day < to; day++) {
      const weekday = cal.weekday(day);
      const week = weekday === 0 || weekday === 6 ? 0.15 : 1;
      const holiday = (season.ecom[day] ?? 1) < 0.5 ? 0.25 : 1;
      const level = a.seats * a.adoption * week * holiday * usageHealth(a, day) * (1 + rng.normal(0, 0.08));
      const active = Math.max(0, Math.min(a.seats, Math.round(level)));
      usage.line(
        csvRow([
          a.code,
          cal.date(day),
          active,
          a.seats,
          rng.poisson(active * 0.8),
          rng.poisson(active * 0.3),
          rng.poisson(active * apiHeavy),
          rng.poisson(active * 1.2),
        ]),
      );
    }
    counts.add('crm', 'usage_rows', Math.max(0, to - from));
    await usage.drain();
  }
  await usage.close();
}
