import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../test/engines.ts';
import type { Warehouse } from '../../warehouse/index.ts';
import { runKpis } from './write.ts';
import { allKpis, insertRows, kpiAt, kpiConfig, local, seeded, type KpiRow } from './test-support.ts';

// The run's wall clock is before the end of as_of: freshness counts to it.
const NOW = local('2025-06-30 12:00');
const AS_OF = '2025-06-30';

async function seed(wh: Warehouse): Promise<void> {
  const loaded = local('2025-06-01 08:00');
  await insertRows(wh, 'core.source_records', [
    // 4 of the 7 default key fields.
    {
      source: 'pos',
      source_key: 'pos_member:M1',
      full_name: '张伟',
      phone: '+8613800000001',
      birth_date: '1990-01-01',
      gender: 'male',
      source_created_at: local('2025-06-01 10:00'),
      ingested_at: loaded,
    },
    // A blank name is missing: 1 of 7.
    {
      source: 'pos',
      source_key: 'pos_member:M2',
      full_name: '  ',
      phone: '+8613800000002',
      ingested_at: loaded,
    },
    {
      source: 'pos',
      source_key: 'pos_receipt:R1',
      phone: '+8613800000001',
      source_created_at: local('2025-06-29 10:00'),
      ingested_at: loaded,
    },
    // The same patient registered twice, every field filled; the HIS export has no record times.
    ...['P1', 'P2'].map((id) => ({
      source: 'his',
      source_key: `his_patient:${id}`,
      full_name: '李娜',
      phone: '+8613900000003',
      email: 'lina@example.com',
      birth_date: '1985-05-05',
      gender: 'female',
      national_id: '110101198505050021',
      address: '北京市东城区',
      ingested_at: loaded,
    })),
    // Created after as_of: not there yet.
    {
      source: 'crm',
      source_key: 'crm_lead:L9',
      full_name: '王芳',
      source_created_at: local('2025-07-05 10:00'),
      ingested_at: local('2025-07-05 11:00'),
    },
  ]);
  await insertRows(
    wh,
    'identity.records',
    [
      ['pos', 'pos_member:M1', 'C1'],
      ['pos', 'pos_member:M2', 'C2'],
      ['pos', 'pos_receipt:R1', 'C1'],
      ['his', 'his_patient:P1', 'C3'],
      ['his', 'his_patient:P2', 'C3'],
      ['crm', 'crm_lead:L9', 'C4'],
    ].map(([source, key, customer], i) => ({
      source,
      source_key: key,
      record_id: i + 1,
      customer_id: customer,
      match_rule: 'founder',
      match_confidence: 1,
      fingerprint: 'x',
      resolved_at: loaded,
    })),
  );
  await insertRows(wh, 'core.orders', [
    {
      source: 'pos',
      order_id: 'o1',
      channel: 'store',
      ordered_at: local('2025-06-30 09:00'),
      status: 'completed',
      currency: 'CNY',
      net_amount: 10,
      ingested_at: local('2025-06-30 10:00'),
    },
  ]);
  await insertRows(wh, 'core.events', [
    // Booked for later: not a sign of fresh data.
    {
      source: 'his',
      event_id: 'A1',
      event_type: 'appointment',
      occurred_at: local('2025-07-05 10:00'),
      ingested_at: local('2025-06-30 11:00'),
    },
    {
      source: 'his',
      event_id: 'E1',
      event_type: 'encounter',
      occurred_at: local('2025-06-29 12:00'),
      ingested_at: local('2025-06-30 11:00'),
    },
    // Loaded after the run's clock.
    {
      source: 'his',
      event_id: 'E2',
      event_type: 'encounter',
      occurred_at: local('2025-06-29 11:00'),
      ingested_at: local('2025-06-30 13:00'),
    },
  ]);
}

describe('data-quality KPIs', () => {
  it('pins completeness, duplicates and freshness on day = as_of, the same on both engines', async () => {
    const results: KpiRow[][] = [];
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'kpi_dq', seed);
      await runKpis(wh, kpiConfig(), { asOf: AS_OF, now: NOW });
      const rows = (await allKpis(wh)).filter((r) => r.metric.startsWith('dq.'));
      expect(new Set(rows.map((r) => r.day))).toEqual(new Set([AS_OF]));
      const at = (metric: string, dimension = 'all', value = 'all') =>
        kpiAt(rows, AS_OF, metric, dimension, value);

      // Filled key fields / (records x 7): M1 4, M2 1, R1 1, P1 7, P2 7.
      expect(at('dq.field_completeness')).toMatchObject({ value: 20 / 35, numerator: 20, denominator: 35 });
      expect(at('dq.field_completeness', 'source', 'pos')).toMatchObject({ numerator: 6, denominator: 21 });
      expect(at('dq.field_completeness', 'source', 'his')).toMatchObject({ value: 1 });
      expect(at('dq.field_completeness', 'source', 'crm')).toBeUndefined();
      expect(at('dq.field_completeness', 'record_kind', 'pos_member')).toMatchObject({
        numerator: 5,
        denominator: 14,
      });
      expect(at('dq.field_completeness', 'field', 'full_name')).toMatchObject({
        numerator: 3,
        denominator: 5,
      });
      expect(at('dq.field_completeness', 'field', 'phone')).toMatchObject({ value: 1 });
      expect(at('dq.field_completeness', 'source_field', 'pos.email')).toMatchObject({
        value: 0,
        denominator: 3,
      });

      // (records - customers) / records over resolved records.
      expect(at('dq.duplicate_rate')).toMatchObject({ value: 0.4, numerator: 2, denominator: 5 });
      expect(at('dq.records_per_customer')).toMatchObject({ value: 5 / 3, unit: 'records' });
      expect(at('dq.duplicate_rate', 'source', 'pos')).toMatchObject({ numerator: 1, denominator: 3 });
      expect(at('dq.duplicate_rate', 'record_kind', 'his_patient')).toMatchObject({ value: 0.5 });
      expect(at('dq.duplicate_rate', 'record_kind', 'pos_member')).toMatchObject({ value: 0 });

      // Hours from the newest source time / load known at the run's clock (12:00) to that clock.
      expect(at('dq.freshness_hours', 'source', 'pos')).toMatchObject({
        value: 3,
        numerator: null,
        unit: 'hours',
      });
      expect(at('dq.freshness_hours', 'source', 'his')).toMatchObject({ value: 24 });
      expect(at('dq.ingest_age_hours', 'source', 'pos')).toMatchObject({ value: 2 });
      expect(at('dq.ingest_age_hours', 'source', 'his')).toMatchObject({ value: 1 });
      expect(rows.filter((r) => r.dimension_value === 'crm')).toEqual([]);
      results.push(rows);
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('keeps each run’s snapshot: a later as_of does not replace an earlier day’s', async () => {
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'kpi_dq_history', seed);
      await runKpis(wh, kpiConfig(), { asOf: '2025-06-29', now: NOW });
      const earlier = (await allKpis(wh)).filter((r) => r.metric.startsWith('dq.'));
      // As 29 June ended, R1 (created that day) existed, the 30 June order did not.
      expect(kpiAt(earlier, '2025-06-29', 'dq.freshness_hours', 'source', 'pos')).toMatchObject({
        value: 14,
      });
      await runKpis(wh, kpiConfig(), { asOf: AS_OF, now: NOW });
      const both = (await allKpis(wh)).filter((r) => r.metric.startsWith('dq.'));
      expect(both.filter((r) => r.day === '2025-06-29')).toEqual(earlier);
      expect(both.filter((r) => r.day === AS_OF).length).toBeGreaterThan(0);
    }
  });
});
