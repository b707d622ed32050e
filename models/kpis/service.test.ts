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

// June 2025: Monday 2 June is the Dragon Boat holiday; Saturday 7 June is made a working day (as
// China's 调休 does) to pin extraWorkdays. Business hours 09:00-18:00.
const config = kpiConfig({
  service: { calendar: { holidays: ['2025-06-02'], extraWorkdays: ['2025-06-07'] } },
});
const NOW = local('2025-06-20 12:00');

interface Ticket {
  id: string;
  priority: string;
  channel: string;
  customer: string | null;
  topic: string;
  created: string;
  fr?: string;
  rs?: string;
  ro?: string;
}

// Per ticket, the expected figures (wall-clock minutes; SLA clock per the default policies: P1
// 24x7 15 min / 4 h; P2 1 h / 24 h, P3 4 h / 72 h, P4 8 h / 120 h in business hours):
const TICKETS: Ticket[] = [
  // FRT 10, resolution 180, handling 170; SLA met/met; cA asks again on topic X 19.5 h later: a repeat, so not FCR.
  {
    id: 'T1',
    priority: 'P1',
    channel: 'phone',
    customer: 'cA',
    topic: 'X',
    created: '2025-06-05 22:00',
    fr: '2025-06-05 22:10',
    rs: '2025-06-06 01:00',
  },
  // Friday 17:30 to Monday 09:20: FRT 3830 min; business clock 30 min + 9 h (working Saturday) + 20 min > 1 h: missed.
  // Resolved Monday 12:00: 3990 min, business 12.5 h <= 24 h: met; handling 160. FCR.
  {
    id: 'T2',
    priority: 'P2',
    channel: 'wechat',
    customer: 'cA',
    topic: 'X',
    created: '2025-06-06 17:30',
    fr: '2025-06-09 09:20',
    rs: '2025-06-09 12:00',
  },
  // Opened on Sunday before the holiday: business FRT 1.5 h (met). Reopened on Thursday, resolved
  // again Friday: the export lost the first resolution, so the reopen is timed from the first
  // response (2 days: within 7). Resolution 7260 min, business 29 h <= 72 h: met; handling 4350.
  {
    id: 'T3',
    priority: 'P3',
    channel: 'email',
    customer: 'cB',
    topic: 'Y',
    created: '2025-06-01 10:00',
    fr: '2025-06-03 10:30',
    rs: '2025-06-06 11:00',
    ro: '2025-06-05 11:00',
  },
  // Resolved, reopened a day later, open since: not resolved; resolution clock runs to the cutoff,
  // 7 business days x 9 h = 63 h > 24 h: missed. FRT 30 (met).
  {
    id: 'T8',
    priority: 'P2',
    channel: 'email',
    customer: 'cD',
    topic: 'V',
    created: '2025-06-03 09:00',
    fr: '2025-06-03 09:30',
    rs: '2025-06-03 12:00',
    ro: '2025-06-04 12:00',
  },
  // Three tickets on 4 June: FRT 40, 20, 90 (mean 50, median 40), all FCR. T6's reopen and cC's
  // next contact come after as_of, so they have not happened.
  {
    id: 'T6',
    priority: 'P3',
    channel: 'wechat',
    customer: 'cC',
    topic: 'W',
    created: '2025-06-04 09:00',
    fr: '2025-06-04 09:40',
    rs: '2025-06-04 10:00',
    ro: '2025-06-13 10:00',
  },
  {
    id: 'T9',
    priority: 'P3',
    channel: 'wechat',
    customer: 'cE',
    topic: 'W',
    created: '2025-06-04 14:00',
    fr: '2025-06-04 14:20',
    rs: '2025-06-04 15:00',
  },
  {
    id: 'T10',
    priority: 'P4',
    channel: 'phone',
    customer: 'cF',
    topic: 'U',
    created: '2025-06-04 10:00',
    fr: '2025-06-04 11:30',
    rs: '2025-06-04 12:00',
  },
  // No answer by the end of as_of: 8 h + 9 h of business time > 8 h: first response missed;
  // resolution still within 120 h: pending. No customer: not in the repeat-contact base.
  { id: 'T4', priority: 'P4', channel: 'web', customer: null, topic: 'Z', created: '2025-06-09 10:00' },
  // Created on as_of, responded in 30 min (met); resolved the next day, after as_of: pending.
  {
    id: 'T5',
    priority: 'P2',
    channel: 'phone',
    customer: 'cB',
    topic: 'Y',
    created: '2025-06-10 16:00',
    fr: '2025-06-10 16:30',
    rs: '2025-06-11 10:00',
  },
  // After as_of.
  {
    id: 'T7',
    priority: 'P1',
    channel: 'phone',
    customer: 'cC',
    topic: 'W',
    created: '2025-06-11 09:00',
    fr: '2025-06-11 09:05',
  },
];

// [ticket, answered, csat, nps]; TK999 is not a known ticket.
const SURVEYS: [string, string, number | null, number | null][] = [
  ['T1', '2025-06-06 09:00', 5, 10],
  ['T2', '2025-06-09 15:00', 2, 3],
  ['T3', '2025-06-09 18:00', 4, 8],
  ['T6', '2025-06-09 19:00', null, 9],
  ['T9', '2025-06-09 20:00', 3, null],
  ['TK999', '2025-06-10 10:00', 4, 7],
];

async function seed(wh: Warehouse): Promise<void> {
  const iso = (s?: string) => (s ? local(s).toISOString() : null);
  await insertRows(wh, 'core.events', [
    ...TICKETS.map((t) => ({
      source: 'tickets',
      event_id: t.id,
      event_type: 'ticket',
      occurred_at: local(t.created),
      customer_id: t.customer,
      channel: t.channel,
      status: t.rs ? 'resolved' : 'open',
      attributes: {
        priority: t.priority,
        topic: t.topic,
        first_response_at: iso(t.fr),
        resolved_at: iso(t.rs),
        reopened_at: iso(t.ro),
      },
      ingested_at: NOW,
    })),
    ...SURVEYS.map(([ticket, at, csat, nps]) => ({
      source: 'tickets',
      event_id: `survey:${ticket}`,
      event_type: 'survey',
      occurred_at: local(at),
      attributes: { ticket_id: ticket, csat, nps },
      ingested_at: NOW,
    })),
  ]);
}

describe('service KPIs', () => {
  it('pins every ticket and survey formula, the same on both engines', async () => {
    const results: KpiRow[][] = [];
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'kpi_service', seed);
      await runKpis(wh, config, { asOf: '2025-06-10', now: NOW });
      const rows = (await allKpis(wh)).filter((r) => r.metric.startsWith('service.'));
      const total = (metric: string, dimension?: string, value?: string) =>
        kpiTotal(rows, metric, dimension, value);

      expect(total('service.tickets')).toEqual({ numerator: 9, denominator: 0, days: 7 });
      // Means re-aggregate from numerator (total minutes) and denominator (tickets).
      expect(total('service.first_response_minutes')).toMatchObject({ denominator: 8 });
      expect(total('service.first_response_minutes').numerator).toBeCloseTo(6960, 9);
      expect(total('service.resolution_minutes').numerator).toBeCloseTo(11670, 9);
      expect(total('service.resolution_minutes').denominator).toBe(6);
      expect(total('service.handling_minutes').numerator).toBeCloseTo(4770, 9);
      expect(total('service.handling_minutes').denominator).toBe(6);
      expect(total('service.first_contact_resolution_rate')).toMatchObject({ numerator: 4, denominator: 7 });
      expect(total('service.reopen_rate_7d')).toMatchObject({ numerator: 2, denominator: 7 });
      expect(total('service.repeat_contact_rate_7d')).toMatchObject({ numerator: 1, denominator: 8 });
      expect(total('service.sla_first_response_rate')).toMatchObject({ numerator: 7, denominator: 9 });
      expect(total('service.sla_resolution_rate')).toMatchObject({ numerator: 6, denominator: 7 });
      // Per priority: P2 first response met by T8 and T5, missed by T2; resolution met by T2,
      // missed by T8, T5 pending.
      expect(total('service.sla_first_response_rate', 'priority', 'P2')).toMatchObject({
        numerator: 2,
        denominator: 3,
      });
      expect(total('service.sla_resolution_rate', 'priority', 'P2')).toMatchObject({
        numerator: 1,
        denominator: 2,
      });

      const day4 = (metric: string) => kpiAt(rows, '2025-06-04', metric);
      expect(day4('service.tickets')).toMatchObject({
        value: 3,
        numerator: 3,
        denominator: null,
        unit: 'count',
      });
      expect(day4('service.first_response_minutes')).toMatchObject({
        value: 50,
        numerator: 150,
        denominator: 3,
        unit: 'minutes',
      });
      expect(day4('service.first_response_minutes_median')).toMatchObject({
        value: 40,
        numerator: null,
        denominator: 3,
      });
      expect(day4('service.first_contact_resolution_rate')).toMatchObject({ value: 1, unit: 'ratio' });
      expect(kpiAt(rows, '2025-06-04', 'service.tickets', 'channel', 'wechat')).toMatchObject({ value: 2 });
      expect(kpiAt(rows, '2025-06-06', 'service.first_response_minutes')).toMatchObject({ value: 3830 });
      expect(kpiAt(rows, '2025-06-06', 'service.sla_first_response_rate')).toMatchObject({ value: 0 });
      expect(kpiAt(rows, '2025-06-01', 'service.sla_resolution_rate')).toMatchObject({ value: 1 });
      expect(kpiAt(rows, '2025-06-05', 'service.repeat_contact_rate_7d')).toMatchObject({ value: 1 });
      // T4: nothing to average, but its missed first response is decided.
      expect(kpiAt(rows, '2025-06-09', 'service.first_response_minutes')).toBeUndefined();
      expect(kpiAt(rows, '2025-06-09', 'service.sla_first_response_rate')).toMatchObject({
        value: 0,
        denominator: 1,
      });
      expect(kpiAt(rows, '2025-06-09', 'service.sla_resolution_rate')).toBeUndefined();
      expect(kpiAt(rows, '2025-06-09', 'service.tickets', 'channel', 'web')).toMatchObject({ value: 1 });
      expect(kpiAt(rows, '2025-06-11', 'service.tickets')).toBeUndefined();

      // CSAT: satisfied (4-5) over valid answers; NPS: 100 x (promoters - detractors) / answers.
      expect(total('service.csat')).toMatchObject({ numerator: 3, denominator: 5 });
      expect(total('service.nps')).toMatchObject({ numerator: 1, denominator: 5 });
      expect(kpiAt(rows, '2025-06-09', 'service.csat')).toMatchObject({
        value: 1 / 3,
        numerator: 1,
        denominator: 3,
      });
      expect(kpiAt(rows, '2025-06-09', 'service.nps')).toMatchObject({
        value: 0,
        numerator: 0,
        denominator: 3,
        unit: 'nps',
      });
      expect(kpiAt(rows, '2025-06-06', 'service.nps')).toMatchObject({ value: 100 });
      expect(kpiAt(rows, '2025-06-10', 'service.nps', 'priority', 'unknown')).toMatchObject({ value: 0 });
      expect(kpiAt(rows, '2025-06-09', 'service.csat', 'priority', 'P2')).toMatchObject({ value: 0 });
      results.push(rows);
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('a wall-clock policy times the same tickets around the clock', async () => {
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'kpi_service_24x7', seed);
      const allDay = kpiConfig({
        service: {
          sla: {
            P2: { firstResponseHours: 1, resolutionHours: 24, clock: '24x7' },
            P3: { firstResponseHours: 4, resolutionHours: 72, clock: '24x7' },
          },
        },
      });
      await runKpis(wh, allDay, { asOf: '2025-06-10', now: NOW });
      const rows = await allKpis(wh);
      // P3: T3's 48.5 h first response and 121 h resolution now miss; T6 and T9 still meet.
      expect(kpiTotal(rows, 'service.sla_first_response_rate', 'priority', 'P3')).toMatchObject({
        numerator: 2,
        denominator: 3,
      });
      expect(kpiTotal(rows, 'service.sla_resolution_rate', 'priority', 'P3')).toMatchObject({
        numerator: 2,
        denominator: 3,
      });
      // P2: T2 resolved in 66.5 h misses; T8 is 7 days open; T5 (8 h to the cutoff) pending.
      expect(kpiTotal(rows, 'service.sla_resolution_rate', 'priority', 'P2')).toMatchObject({
        numerator: 0,
        denominator: 2,
      });
    }
  });

  it('reruns give the same rows; a later run replaces only its window and sees what happened since', async () => {
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'kpi_service_rerun', seed);
      await runKpis(wh, config, { asOf: '2025-06-10', now: NOW });
      const first = await allKpis(wh);
      await runKpis(wh, config, { asOf: '2025-06-10', now: NOW });
      expect(await allKpis(wh)).toEqual(first);

      const short = kpiConfig({ ...config, windowDays: 3 });
      await runKpis(wh, short, { asOf: '2025-06-12', now: NOW });
      const later = await allKpis(wh);
      // Days before 10 June keep the first run's rows.
      const before = (rows: KpiRow[]) => rows.filter((r) => r.day < '2025-06-10');
      expect(before(later)).toEqual(before(first));
      // 10 June is recomputed: T5's resolution (11 June) has happened by now.
      expect(kpiAt(later, '2025-06-10', 'service.resolution_minutes')).toMatchObject({
        as_of: '2025-06-12',
        value: 1080,
      });
      expect(kpiAt(first, '2025-06-10', 'service.resolution_minutes')).toBeUndefined();
      expect(kpiAt(later, '2025-06-11', 'service.tickets')).toMatchObject({ value: 1 });
      // A rerun of the earlier as_of puts its view back.
      await runKpis(wh, config, { asOf: '2025-06-10', now: NOW });
      expect((await allKpis(wh)).filter((r) => r.day <= '2025-06-10')).toEqual(first);
    }
  });
});
