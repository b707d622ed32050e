import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse } from '../../test/engines.ts';
import { sql, type Warehouse } from '../../warehouse/index.ts';
import { loadAccountEvents } from './test-support.ts';
import { HealthConfigSchema } from './config.ts';
import { componentValues, scoreAccount } from './score.ts';
import { validateHealth } from './validate.ts';
import { writeHealth } from './write.ts';

const NOW = new Date('2025-07-15T00:00:00+08:00');
const open: Warehouse[] = [];
afterAll(async () => {
  for (const w of open) await w.close();
});

interface Account {
  readonly code: string;
  readonly parent?: string;
  readonly level?: string;
  readonly churnedAt?: string;
  readonly seats: number;
  /** Active users on day i of the 90 days up to 2025-06-30 (i = 0 is 2025-04-02). */
  readonly active: (i: number) => number;
  readonly features?: Record<string, number>;
  readonly urgentTickets?: number;
  readonly csat?: readonly number[];
}

async function warehouseWith(
  engine: (typeof ENGINES)[number],
  label: string,
  accounts: readonly Account[],
): Promise<Warehouse> {
  const wh = await freshWarehouse(engine, label, 'Asia/Shanghai');
  open.push(wh);
  let ticket = 0;
  for (const a of accounts) {
    await wh.query(sql`
      INSERT INTO core.accounts (source, account_code, name, parent_account_code, level, status, contract_start, renewal_date, churned_at, ingested_at)
      VALUES ('crm', ${a.code}, ${a.code}, ${a.parent ?? null}, ${a.level ?? 'standalone'}, ${a.churnedAt ? 'churned' : 'active'},
        CAST('2024-01-01' AS DATE), CAST('2026-01-01' AS DATE), CAST(${a.churnedAt ?? null} AS DATE), ${NOW})`);
    const rows: unknown[][] = [];
    for (let i = 0; i < 90; i++) {
      const day = new Date(Date.UTC(2025, 3, 2 + i)).toISOString().slice(0, 10);
      rows.push([
        'crm',
        `u-${a.code}-${day}`,
        'usage',
        new Date(`${day}T00:00:00+08:00`),
        a.code,
        JSON.stringify({
          date: day,
          active_users: a.active(i),
          seats: a.seats,
          features: a.features ?? { reports: 1, automation: 1 },
        }),
        NOW,
      ]);
    }
    for (let k = 0; k < (a.urgentTickets ?? 0); k++)
      rows.push([
        'tickets',
        `TK${++ticket}`,
        'ticket',
        new Date('2025-06-20T10:00:00+08:00'),
        a.code,
        JSON.stringify({ priority: 'P1' }),
        NOW,
      ]);
    for (const csat of a.csat ?? []) {
      const id = `TK${++ticket}`;
      rows.push([
        'tickets',
        id,
        'ticket',
        new Date('2025-06-01T10:00:00+08:00'),
        a.code,
        JSON.stringify({ priority: 'P4' }),
        NOW,
      ]);
      rows.push([
        'tickets',
        `S${id}`,
        'survey',
        new Date('2025-06-02T10:00:00+08:00'),
        null,
        JSON.stringify({ ticket_id: id, csat, nps: csat * 2 }),
        NOW,
      ]);
    }
    await loadAccountEvents(wh, rows);
  }
  return wh;
}

const config = HealthConfigSchema.parse({});
const scores = async (wh: Warehouse, asOf: string) =>
  (
    await wh.query(
      sql`SELECT * FROM marts.health_scores WHERE as_of = CAST(${asOf} AS DATE) ORDER BY account_code`,
    )
  ).rows;

describe('account health', () => {
  const accounts: Account[] = [
    // Steady at 8 of 10 seats, every key feature used.
    {
      code: 'A1',
      level: 'group',
      seats: 10,
      active: () => 8,
      features: { reports: 3, automation: 1, api_calls: 5, mobile_sessions: 2 },
    },
    // A site of A1, usage halving in the last 30 days, two urgent tickets, unhappy surveys.
    {
      code: 'A2',
      parent: 'A1',
      level: 'site',
      seats: 30,
      active: (i) => (i < 60 ? 20 : 10),
      urgentTickets: 2,
      csat: [1, 2],
    },
  ];

  it('scores each component by its rule, weighs them, rolls up by seats and alerts on a drop, the same on both engines', async () => {
    const results = [];
    for (const engine of ENGINES) {
      const wh = await warehouseWith(engine, 'health', accounts);
      await wh.transaction((tx) => writeHealth(tx, config, '2025-05-31'));
      const report = await wh.transaction((tx) => writeHealth(tx, config, '2025-06-30'));
      expect(report.previousAsOf).toBe('2025-05-31');
      const [a1, a2] = await scores(wh, '2025-06-30');
      const c1 = a1!.components as Record<string, { raw: number; score: number; weight: number }>;
      expect(c1.active_ratio_7d).toMatchObject({ raw: 0.8, score: 80 });
      expect(c1.usage_trend).toMatchObject({ raw: 1, score: 100 });
      expect(c1.feature_adoption).toMatchObject({ raw: 1, score: 100 });
      expect(c1.open_tickets).toMatchObject({ raw: 0, score: 100 });
      expect(c1.csat).toBeUndefined();
      // Without surveys csat drops out and the other weights are renormalised: 0.9 in all.
      expect(c1.usage_trend!.weight).toBeCloseTo(0.4 / 0.9, 4);
      const own1 = (0.4 * 100 + 0.3 * 80 + 0.1 * 100 + 0.1 * 100) / 0.9;
      expect(a1!.score).toBeCloseTo(own1, 2);
      expect(a1!.band).toBe('green');
      const c2 = a2!.components as Record<string, { raw: number; score: number }>;
      expect(c2.usage_trend).toMatchObject({ raw: 0.5, score: 50 });
      expect(c2.open_tickets).toMatchObject({ raw: 2, score: 50 });
      expect(c2.csat).toMatchObject({ raw: 1.5, score: 12.5 });
      // nps carries no weight by default: not part of the score.
      expect(c2.nps).toBeUndefined();
      expect(a2!.band).toBe((a2!.score as number) <= 50 ? 'red' : 'yellow');
      // The group's roll-up weighs its own 10 seats and its site's 30.
      expect(a1!.rollup_score).toBeCloseTo((10 * (a1!.score as number) + 30 * (a2!.score as number)) / 40, 2);
      expect(a2!.rollup_score).toBe(a2!.score);
      // A2 fell from its May score (usage was steady then): trend and alert with the moved components.
      expect(a2!.trend as number).toBeLessThan(-15);
      const alerts = (
        await wh.query(
          sql`SELECT kind, moved FROM marts.health_alerts WHERE account_code = 'A2' ORDER BY kind`,
        )
      ).rows;
      expect(alerts.map((a) => a.kind)).toContain('dropped');
      expect((alerts[0]!.moved as { name: string }[]).map((m) => m.name)).toContain('usage_trend');
      // A rerun replaces the day's rows.
      await wh.transaction((tx) => writeHealth(tx, config, '2025-06-30'));
      expect(await scores(wh, '2025-06-30')).toEqual([a1, a2]);
      results.push([a1, a2]);
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('validates against later churn: AUC with ties as one half, churn rate per band', async () => {
    for (const engine of ENGINES) {
      const wh = await warehouseWith(engine, 'health_validate', [
        { code: 'B1', seats: 10, active: () => 9 },
        { code: 'B2', seats: 10, active: () => 9 },
        { code: 'B3', seats: 10, active: (i) => (i < 60 ? 9 : 2), churnedAt: '2025-08-15' },
        { code: 'B4', seats: 10, active: () => 9, churnedAt: '2025-08-20' },
      ]);
      const v = await validateHealth(wh, config, ['2025-06-30']);
      expect(v.scored).toBe(4);
      expect(v.churners).toBe(2);
      // B3 scores below both stayers (2 wins); B4 ties both (2 halves): (2 + 1) / 4.
      expect(v.auc).toBe(0.75);
      const red = v.bands.find((b) => b.band === 'red')!;
      expect(red).toMatchObject({ accounts: 1, churned: 1, churnRate: 1 });
    }
  });
});

describe('health component rules', () => {
  it('NPS is promoters % minus detractors %, mapped from -100..100 to 0..100; a missing signal is no component', () => {
    const base = {
      accountCode: 'X',
      level: null,
      parent: null,
      seats: null,
      active7: null,
      seats7: null,
      avgActive30: null,
      avgActivePrev60: null,
      peakUtilisation30: null,
      features: [null, null],
      csatAvg: null,
      npsAnswers: 4,
      promoters: 2,
      detractors: 1,
      urgentTickets30: 5,
      daysToRenewal: 45,
      industry: '物流',
      shipments30: 15,
      shipmentsPrev60: 60,
      delivered30: 10,
      onTime30: 9,
      tickets30: 3,
      scheduled30: null,
      running30: null,
      scheduledPrev60: null,
      runningPrev60: null,
      running90: null,
      failures90: 0,
      consumables90: 0,
      consumablesPrev90: 0,
    };
    const v = componentValues(base);
    expect(v.nps).toEqual({ raw: 25, score: 62.5 });
    expect(v.open_tickets).toEqual({ raw: 5, score: 0 });
    expect(v.days_to_renewal).toEqual({ raw: 45, score: 50 });
    expect(v.usage_trend).toBeNull();
    expect(v.feature_adoption).toBeNull();
    // 15 shipments against 30 a month before: half the volume.
    expect(v.shipment_trend).toEqual({ raw: 0.5, score: 50 });
    expect(v.on_time_rate).toEqual({ raw: 0.9, score: 90 });
    expect(v.complaints).toEqual({ raw: 3, score: 70 });
    // A logistics profile scores a logistics account on shipments; others keep the default weights.
    const config = HealthConfigSchema.parse({
      profiles: [{ name: 'freight', industries: ['物流'], weights: { shipment_trend: 1, on_time_rate: 1 } }],
    });
    const signals = { ...base, industry: '物流' };
    expect(scoreAccount(signals, config)!.score).toBe(70);
    expect(Object.keys(scoreAccount(signals, config)!.components).sort()).toEqual([
      'on_time_rate',
      'shipment_trend',
    ]);
    expect(Object.keys(scoreAccount({ ...signals, industry: '教育' }, config)!.components)).toContain(
      'open_tickets',
    );
  });
});
