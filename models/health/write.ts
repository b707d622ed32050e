import { sql, type Queryable } from '../../warehouse/index.ts';
import { readAccountSignals } from './components.ts';
import type { HealthConfig } from './config.ts';
import { bandOf, rollUp, scoreAccount, type AccountScore } from './score.ts';

/** Every live account's score at as_of, computed but not written. */
export async function scoreAccounts(
  q: Queryable,
  config: HealthConfig,
  asOf: string,
): Promise<AccountScore[]> {
  const signals = await readAccountSignals(q, config, asOf);
  return signals.map((s) => scoreAccount(s, config)).filter((s): s is AccountScore => s !== null);
}

/** What the health job wrote. */
export interface HealthReport {
  readonly accounts: number;
  readonly bands: Record<'red' | 'yellow' | 'green', number>;
  readonly alerts: number;
  readonly previousAsOf: string | null;
}

// A component whose score moved this much is named in an alert.
const MOVED = 5;

/**
 * Replaces marts.health_scores and marts.health_alerts for as_of: scores, bands, roll-up, trend
 * against the latest earlier as_of, and alerts for drops and entries into red.
 */
export async function writeHealth(tx: Queryable, config: HealthConfig, asOf: string): Promise<HealthReport> {
  const scores = await scoreAccounts(tx, config, asOf);
  const rollup = rollUp(scores);
  const d = sql`CAST(${asOf} AS DATE)`;
  const prev = await tx.query<{
    as_of: string;
    account_code: string;
    score: number;
    band: string;
    components: Record<string, { score: number }>;
  }>(sql`
    SELECT as_of, account_code, score, band, components FROM marts.health_scores
    WHERE as_of = (SELECT max(as_of) FROM marts.health_scores WHERE as_of < ${d})`);
  const previous = new Map(prev.rows.map((r) => [r.account_code, r]));
  await tx.query(sql`DELETE FROM marts.health_scores WHERE as_of = ${d}`);
  await tx.query(sql`DELETE FROM marts.health_alerts WHERE as_of = ${d}`);
  const rows: unknown[][] = [];
  const alerts: unknown[][] = [];
  const bands = { red: 0, yellow: 0, green: 0 };
  for (const s of scores) {
    const p = previous.get(s.accountCode);
    const up = rollup.get(s.accountCode)!;
    bands[s.band]++;
    rows.push([
      asOf,
      s.accountCode,
      s.level,
      s.parent,
      s.score,
      s.band,
      p?.score ?? null,
      p ? Math.round((s.score - p.score) * 100) / 100 : null,
      up,
      bandOf(up, config.bands),
      JSON.stringify(s.components),
    ]);
    if (!p) continue;
    const moved = Object.entries(s.components)
      .map(([name, c]) => ({ name, before: p.components[name]?.score ?? null, after: c.score }))
      .filter((m) => m.before === null || Math.abs(m.after - m.before) >= MOVED);
    const alert = (kind: string) =>
      alerts.push([asOf, s.accountCode, kind, s.score, p.score, JSON.stringify(moved)]);
    if (p.score - s.score > config.alertDrop) alert('dropped');
    if (s.band === 'red' && p.band !== 'red') alert('entered_red');
  }
  const text = (name: string) => ({ name, type: 'text' as const });
  const double = (name: string) => ({ name, type: 'double' as const });
  await tx.load(
    'marts.health_scores',
    [
      { name: 'as_of', type: 'date' },
      text('account_code'),
      text('level'),
      text('parent_account_code'),
      double('score'),
      text('band'),
      double('previous_score'),
      double('trend'),
      double('rollup_score'),
      text('rollup_band'),
      { name: 'components', type: 'json' },
    ],
    [rows],
  );
  if (alerts.length) {
    await tx.load(
      'marts.health_alerts',
      [
        { name: 'as_of', type: 'date' },
        text('account_code'),
        text('kind'),
        double('score'),
        double('previous_score'),
        { name: 'moved', type: 'json' },
      ],
      [alerts],
    );
  }
  return { accounts: scores.length, bands, alerts: alerts.length, previousAsOf: prev.rows[0]?.as_of ?? null };
}
