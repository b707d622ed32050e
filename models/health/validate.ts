import { sql, type Queryable } from '../../warehouse/index.ts';
import { auc } from '../stats/index.ts';
import type { HealthConfig } from './config.ts';
import { scoreAccounts } from './write.ts';

/** How well the score told churners apart, over every (account, as_of) scored. */
export interface HealthValidation {
  readonly asOfs: readonly string[];
  /** The profile validated alone ('default': accounts on the default weights), or null for all. */
  readonly profile: string | null;
  readonly scored: number;
  readonly churners: number;
  /** P(a churner scores lower than a stayer), ties counting one half; null without both kinds. */
  readonly auc: number | null;
  readonly bands: readonly {
    band: 'red' | 'yellow' | 'green';
    accounts: number;
    churned: number;
    churnRate: number | null;
  }[];
}

/** The as_of days from `from` to `to`, every `everyDays`. */
export function validationDays(from: string, to: string, everyDays: number): string[] {
  const out: string[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= Date.parse(`${to}T00:00:00Z`);
    t += everyDays * 86_400_000
  ) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * `cdp health validate`: scores every live account at each as_of and asks whether it churned
 * within churnHorizonDays after it. AUC by Mann-Whitney (low score = churn risk), churn rate per band.
 * With `profile`, only the accounts that profile scored ('default': those on the default weights).
 */
export async function validateHealth(
  q: Queryable,
  config: HealthConfig,
  asOfs: readonly string[],
  opts: { profile?: string } = {},
): Promise<HealthValidation> {
  const churnedAt = new Map(
    (
      await q.query<{ account_code: string; churned_at: string }>(
        sql`SELECT account_code, churned_at FROM core.accounts WHERE churned_at IS NOT NULL`,
      )
    ).rows.map((r) => [r.account_code, r.churned_at]),
  );
  const scores: number[] = [];
  const labels: boolean[] = [];
  const bands = new Map<'red' | 'yellow' | 'green', { accounts: number; churned: number }>([
    ['red', { accounts: 0, churned: 0 }],
    ['yellow', { accounts: 0, churned: 0 }],
    ['green', { accounts: 0, churned: 0 }],
  ]);
  for (const asOf of asOfs) {
    const horizonEnd = new Date(Date.parse(`${asOf}T00:00:00Z`) + config.churnHorizonDays * 86_400_000)
      .toISOString()
      .slice(0, 10);
    for (const s of await scoreAccounts(q, config, asOf)) {
      if (opts.profile !== undefined && (s.profile ?? 'default') !== opts.profile) continue;
      const at = churnedAt.get(s.accountCode);
      const churned = at !== undefined && at > asOf && at <= horizonEnd;
      scores.push(s.score);
      labels.push(churned);
      const b = bands.get(s.band)!;
      b.accounts++;
      if (churned) b.churned++;
    }
  }
  return {
    asOfs,
    profile: opts.profile ?? null,
    scored: scores.length,
    churners: labels.filter(Boolean).length,
    auc: auc(scores, labels, { higherMeansPositive: false }) ?? null,
    bands: [...bands].map(([band, b]) => ({
      band,
      ...b,
      churnRate: b.accounts ? b.churned / b.accounts : null,
    })),
  };
}
