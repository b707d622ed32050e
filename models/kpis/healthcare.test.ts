import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../test/engines.ts';
import type { Warehouse } from '../../warehouse/index.ts';
import { runKpis } from './write.ts';
import {
  allKpis,
  insertRows,
  kpiAt,
  kpiConfig,
  kpiTotal,
  local,
  seeded,
  type KpiRow,
} from './test-support.ts';

const NOW = local('2025-07-10 12:00');

// [id, patient, start, status, service type]
const APPOINTMENTS: [string, string, string, string, string | null][] = [
  ['A1', 'p1', '2025-06-10 09:00', 'fulfilled', '全科'],
  ['A2', 'p1', '2025-06-10 10:00', 'noshow', '全科'],
  // Cancelled and merely proposed appointments are not valid bookings.
  ['A3', 'p2', '2025-06-10 11:00', 'cancelled', '全科'],
  // Never updated from booked, but an encounter names it: the patient came.
  ['A4', 'p2', '2025-06-10 14:00', 'booked', '眼科'],
  // Booked, no encounter, no no-show mark: valid, neither arrived nor a no-show.
  ['A5', 'p3', '2025-06-10 15:00', 'booked', null],
  ['A6', 'p3', '2025-06-11 09:00', 'proposed', '全科'],
  // Marked no-show, yet an encounter names it: arrived, not a no-show.
  ['A7', 'p4', '2025-06-11 10:00', 'noshow', '全科'],
  ['A8', 'p4', '2025-07-05 10:00', 'booked', '全科'],
];

// [id, customer, source_key, start, status, appointment]
const ENCOUNTERS: [string, string | null, string, string, string, string | null][] = [
  ['E1', 'p1', 'his_patient:1', '2025-06-10 09:10', 'finished', 'A1'],
  ['E2', 'p2', 'his_patient:2', '2025-06-10 14:10', 'finished', 'A4'],
  ['E3', 'p4', 'his_patient:4', '2025-06-11 10:05', 'finished', 'A7'],
  // A second visit the same day is the same patient-day.
  ['E4', 'p1', 'his_patient:1', '2025-06-10 16:00', 'finished', null],
  // After as_of: not known yet, so p1's 10 June visit has no revisit.
  ['E5', 'p1', 'his_patient:1', '2025-07-05 10:00', 'finished', null],
  // p2 returns after 15 days.
  ['E6', 'p2', 'his_patient:2', '2025-06-25 10:00', 'finished', null],
  // p4: 1 April to 11 June is 71 days: a 90-day revisit, not a 30-day one.
  ['E7', 'p4', 'his_patient:4', '2025-04-01 10:00', 'finished', null],
  ['E8', 'p3', 'his_patient:3', '2025-06-20 10:00', 'cancelled', null],
  // Not resolved to a customer: the patient record identifies the patient.
  ['E9', null, 'his_patient:5', '2025-06-12 10:00', 'finished', null],
  ['E10', null, 'his_patient:5', '2025-06-13 10:00', 'finished', null],
];

async function seed(wh: Warehouse): Promise<void> {
  await insertRows(wh, 'core.events', [
    ...APPOINTMENTS.map(([id, patient, start, status, service]) => ({
      source: 'his',
      event_id: id,
      event_type: 'appointment',
      occurred_at: local(start),
      customer_id: patient,
      status,
      attributes: service ? { service_type: service } : {},
      ingested_at: NOW,
    })),
    ...ENCOUNTERS.map(([id, customer, key, start, status, appointment]) => ({
      source: 'his',
      event_id: id,
      event_type: 'encounter',
      occurred_at: local(start),
      customer_id: customer,
      source_key: key,
      status,
      attributes: appointment ? { appointment_id: appointment } : {},
      ingested_at: NOW,
    })),
  ]);
}

describe('healthcare KPIs', () => {
  it('pins arrival, no-show and revisit rates, the same on both engines', async () => {
    const results: KpiRow[][] = [];
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'kpi_healthcare', seed);
      await runKpis(wh, kpiConfig(), { asOf: '2025-06-30', now: NOW });
      const rows = (await allKpis(wh)).filter((r) => r.metric.startsWith('healthcare.'));
      // 10 June: valid A1, A2, A4, A5; arrived A1, A4; no-show A2.
      expect(kpiAt(rows, '2025-06-10', 'healthcare.appointments')).toMatchObject({ value: 4 });
      expect(kpiAt(rows, '2025-06-10', 'healthcare.arrival_rate')).toMatchObject({
        value: 0.5,
        numerator: 2,
        denominator: 4,
      });
      expect(kpiAt(rows, '2025-06-10', 'healthcare.no_show_rate')).toMatchObject({
        value: 0.25,
        numerator: 1,
        denominator: 4,
      });
      expect(kpiAt(rows, '2025-06-10', 'healthcare.arrival_rate', 'service_type', '全科')).toMatchObject({
        numerator: 1,
        denominator: 2,
      });
      expect(kpiAt(rows, '2025-06-10', 'healthcare.arrival_rate', 'service_type', '眼科')).toMatchObject({
        value: 1,
      });
      expect(kpiAt(rows, '2025-06-10', 'healthcare.arrival_rate', 'service_type', 'unknown')).toMatchObject({
        value: 0,
      });
      expect(kpiAt(rows, '2025-06-11', 'healthcare.arrival_rate')).toMatchObject({
        value: 1,
        denominator: 1,
      });
      expect(kpiAt(rows, '2025-06-11', 'healthcare.no_show_rate')).toMatchObject({ value: 0 });
      expect(kpiAt(rows, '2025-07-05', 'healthcare.appointments')).toBeUndefined();
      expect(kpiTotal(rows, 'healthcare.arrival_rate')).toMatchObject({ numerator: 3, denominator: 5 });

      // Patient-days 1 Apr p4, 10 Jun p1 p2, 11 Jun p4, 12 and 13 Jun p5, 25 Jun p2.
      expect(kpiTotal(rows, 'healthcare.visits')).toMatchObject({ numerator: 7 });
      expect(kpiTotal(rows, 'healthcare.revisit_rate_30d')).toMatchObject({ numerator: 2, denominator: 7 });
      expect(kpiTotal(rows, 'healthcare.revisit_rate_90d')).toMatchObject({ numerator: 3, denominator: 7 });
      expect(kpiAt(rows, '2025-06-10', 'healthcare.revisit_rate_30d')).toMatchObject({
        value: 0.5,
        numerator: 1,
        denominator: 2,
      });
      expect(kpiAt(rows, '2025-04-01', 'healthcare.revisit_rate_30d')).toMatchObject({ value: 0 });
      expect(kpiAt(rows, '2025-04-01', 'healthcare.revisit_rate_90d')).toMatchObject({ value: 1 });
      expect(kpiAt(rows, '2025-06-12', 'healthcare.revisit_rate_30d')).toMatchObject({ value: 1 });
      expect(kpiAt(rows, '2025-06-20', 'healthcare.visits')).toBeUndefined();
      results.push(rows);
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('revisit horizons and the statuses that count are configurable', async () => {
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'kpi_healthcare_config', seed);
      const config = kpiConfig({ healthcare: { revisitDays: [1], validStatuses: ['fulfilled', 'noshow'] } });
      await runKpis(wh, config, { asOf: '2025-06-30', now: NOW });
      const rows = await allKpis(wh);
      expect(rows.filter((r) => r.metric.startsWith('healthcare.revisit_rate')).map((r) => r.metric)).toEqual(
        Array(6).fill('healthcare.revisit_rate_1d'),
      );
      expect(kpiTotal(rows, 'healthcare.revisit_rate_1d')).toMatchObject({ numerator: 1, denominator: 7 });
      expect(kpiAt(rows, '2025-06-10', 'healthcare.arrival_rate')).toMatchObject({
        numerator: 1,
        denominator: 2,
      });
    }
  });
});
