import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse } from '../../test/engines.ts';
import { sql, type Warehouse } from '../../warehouse/index.ts';
import { loadAccountEvents } from './test-support.ts';
import { DEFAULT_HEALTH_CONFIG, HealthConfigSchema } from './config.ts';
import { validateHealth } from './validate.ts';
import { writeHealth } from './write.ts';

const NOW = new Date('2025-07-15T00:00:00+08:00');
const open: Warehouse[] = [];
afterAll(async () => {
  for (const w of open) await w.close();
});

const day = (i: number) => new Date(Date.UTC(2025, 3, 2 + i)).toISOString().slice(0, 10);
const at = (date: string) => new Date(`${date}T10:00:00+08:00`);

/**
 * E1 (制造): two machines scheduled 10 h a day over the 90 days to 2025-06-30, running 8 h for 60
 * days then 4 h; three failures in the 90 days (one more before); consumables 1,500 in the 90 days
 * before and 600 in the last 90 (a spare part does not count). E2 (制造) has no machine data, E3
 * (零售) has machines but no equipment profile.
 */
async function equipmentWarehouse(engine: (typeof ENGINES)[number]): Promise<Warehouse> {
  const wh = await freshWarehouse(engine, 'health_equipment', 'Asia/Shanghai');
  open.push(wh);
  for (const [code, industry, churned] of [
    ['E1', '制造', '2025-08-20'],
    ['E2', '制造', null],
    ['E3', '零售', null],
  ] as const) {
    await wh.query(sql`
      INSERT INTO core.accounts (source, account_code, name, level, industry, status, contract_start, renewal_date, churned_at, ingested_at)
      VALUES ('crm', ${code}, ${code}, 'standalone', ${industry}, 'active', CAST('2024-01-01' AS DATE),
        CAST('2026-01-01' AS DATE), CAST(${churned} AS DATE), ${NOW})`);
  }
  const rows: unknown[][] = [];
  const event = (id: string, type: string, when: Date, account: string, attributes: object) =>
    rows.push(['equipment', id, type, when, account, JSON.stringify(attributes), NOW]);
  for (const account of ['E1', 'E3'])
    for (const serial of ['M1', 'M2'])
      for (let i = 0; i < 90; i++)
        event(`t:${account}:${serial}:${i}`, 'telemetry', new Date(`${day(i)}T00:00:00+08:00`), account, {
          serial_no: serial,
          date: day(i),
          scheduled_hours: 10,
          running_hours: i < 60 ? 8 : 4,
        });
  for (const [id, date] of [
    ['F0', '2025-03-01'],
    ['F1', '2025-04-10'],
    ['F2', '2025-05-20'],
    ['F3', '2025-06-29'],
  ])
    event(id!, 'failure', at(date!), 'E1', { serial_no: 'M1' });
  for (const [id, date, category, amount] of [
    ['P1', '2025-02-15', 'consumables', '1000.00'],
    ['P2', '2025-03-20', 'consumables', '500.00'],
    ['P3', '2025-05-10', 'consumables', '600.00'],
    ['P4', '2025-05-11', 'spare_parts', '4800.00'],
  ])
    event(id!, 'parts_order', at(date!), 'E1', { category, amount });
  event('u1', 'usage', at('2025-06-29'), 'E2', { active_users: 5, seats: 10 });
  await loadAccountEvents(wh, rows);
  return wh;
}

const equal = HealthConfigSchema.parse({
  profiles: [
    {
      name: 'equipment',
      industries: ['制造'],
      weights: { utilisation: 1, utilisation_trend: 1, failures: 1, consumables: 1 },
    },
  ],
});

describe('equipment health components', () => {
  it('normalises utilisation, its trend, failures per 1000 running hours and consumables by their rules, the same on both engines', async () => {
    const results = [];
    for (const engine of ENGINES) {
      const wh = await equipmentWarehouse(engine);
      await wh.transaction((tx) => writeHealth(tx, equal, '2025-06-30'));
      const { rows } = await wh.query(
        sql`SELECT account_code, score, components FROM marts.health_scores ORDER BY account_code`,
      );
      const [e1, e2, e3] = rows as {
        account_code: string;
        score: number;
        components: Record<string, object>;
      }[];
      expect(e1!.components).toEqual({
        // 4 h run of 10 scheduled over the last 30 days.
        utilisation: { raw: 0.4, score: 40, weight: 0.25 },
        // 0.4 against 0.8 in the 60 days before.
        utilisation_trend: { raw: 0.5, score: 50, weight: 0.25 },
        // 3 failures in 2 x (60 x 8 + 30 x 4) = 1200 running hours: 2.5 per 1000 h, 100 - 25 x 2.5.
        failures: { raw: 2.5, score: 37.5, weight: 0.25 },
        // 600 against 1,500.
        consumables: { raw: 0.4, score: 40, weight: 0.25 },
      });
      expect(e1!.score).toBe(41.88);
      // No machine data: the equipment profile does not apply; the default weights do.
      expect(Object.keys(e2!.components).sort()).toEqual(['active_ratio_7d', 'open_tickets']);
      // Not an industry of the profile: machine data is not weighed.
      expect(Object.keys(e3!.components)).toEqual(['open_tickets']);
      results.push(rows);
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('validates one profile alone, and the default profile scores the generated equipment industries', async () => {
    for (const engine of ENGINES) {
      const wh = await equipmentWarehouse(engine);
      const v = await validateHealth(wh, equal, ['2025-06-30'], { profile: 'equipment' });
      expect(v).toMatchObject({ profile: 'equipment', scored: 1, churners: 1, auc: null });
      const rest = await validateHealth(wh, equal, ['2025-06-30'], { profile: 'default' });
      expect(rest).toMatchObject({ profile: 'default', scored: 2, churners: 0 });
    }
    expect(DEFAULT_HEALTH_CONFIG.profiles.map((p) => [p.name, p.industries])).toEqual([
      ['equipment', ['制造', '医疗', '餐饮']],
    ]);
  });
});
