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

// [lead, created, status, lead source, converted contact]
const LEADS: [string, string, string, string, string | null][] = [
  ['L1', '2025-06-01 10:00', 'converted', '官网注册', 'CT1'],
  ['L2', '2025-06-01 11:00', 'qualified', '展会', null],
  ['L3', '2025-06-01 12:00', 'working', '官网注册', null],
  ['L4', '2025-06-01 13:00', 'new', '官网注册', null],
  ['L5', '2025-06-02 09:00', 'disqualified', '展会', null],
  // Converted, but its account's only opportunity predates the lead.
  ['L6', '2025-06-02 10:00', 'converted', '展会', 'CT2'],
  // Status in another case; its account's opportunity comes after as_of.
  ['L7', '2025-06-03 10:00', 'Converted', '转介绍', 'CT3'],
];

// [opportunity, account, created, stage changes]
const OPPORTUNITIES: [string, string, string, [string, string][]][] = [
  // L1's first opportunity, 10 days after the lead; won 10 days later.
  [
    'O1',
    'AC1',
    '2025-06-11 10:00',
    [
      ['Prospecting', '2025-06-11 10:00'],
      ['Closed Won', '2025-06-21 10:00'],
    ],
  ],
  [
    'O1b',
    'AC1',
    '2025-06-20 10:00',
    [
      ['Prospecting', '2025-06-20 10:00'],
      ['Closed Lost', '2025-06-25 10:00'],
    ],
  ],
  [
    'O2',
    'AC2',
    '2025-05-20 10:00',
    [
      ['Prospecting', '2025-05-20 10:00'],
      ['Closed Won', '2025-06-29 10:00'],
    ],
  ],
  [
    'O3',
    'AC3',
    '2025-07-02 10:00',
    [
      ['Prospecting', '2025-07-02 10:00'],
      ['Closed Won', '2025-07-03 10:00'],
    ],
  ],
  // Open.
  ['O4', 'AC9', '2025-06-11 12:00', [['Prospecting', '2025-06-11 12:00']]],
];

async function seed(wh: Warehouse): Promise<void> {
  await insertRows(wh, 'core.source_records', [
    ...LEADS.map(([id, created, status, source, contact]) => ({
      source: 'crm',
      source_key: `crm_lead:${id}`,
      source_created_at: local(created),
      attributes: { lead_status: status, lead_source: source, converted_contact_id: contact },
      ingested_at: NOW,
    })),
    ...['CT1', 'CT2', 'CT3'].map((id, i) => ({
      source: 'crm',
      source_key: `crm_contact:${id}`,
      account_code: `AC${i + 1}`,
      ingested_at: NOW,
    })),
  ]);
  await insertRows(
    wh,
    'core.opportunities',
    OPPORTUNITIES.map(([id, account, created]) => ({
      source: 'crm',
      opportunity_id: id,
      account_code: account,
      created_at: local(created),
      ingested_at: NOW,
    })),
  );
  await insertRows(
    wh,
    'core.events',
    OPPORTUNITIES.flatMap(([id, account, , stages]) =>
      stages.map(([stage, at]) => ({
        source: 'crm',
        event_id: `${id}:${stage}`,
        event_type: 'opportunity_stage',
        occurred_at: local(at),
        account_code: account,
        status: stage,
        attributes: { opportunity_id: id, stage },
        ingested_at: NOW,
      })),
    ),
  );
}

// Leads whose export stamps the stages: [lead, created, status, source, contact, mql_at, sql_at]
const STAMPED: [string, string, string, string, string | null, string | null, string | null][] = [
  // MQL after 1 day, SQL 3 days later; its account's opportunity 4 days after SQL (an earlier one
  // predates the SQL and is not this lead's).
  ['S1', '2025-06-01 10:00', 'converted', '官网注册', 'CT1', '2025-06-02 10:00', '2025-06-05 10:00'],
  // Disqualified after it had become an MQL: an MQL all the same.
  ['S2', '2025-06-01 12:00', 'disqualified', '展会', null, '2025-06-03 12:00', null],
  // Sales-sourced, straight to SQL: an MQL too, without an MQL time.
  ['S3', '2025-06-01 14:00', 'qualified', '展会', null, null, '2025-06-02 14:00'],
  // MQL after as_of: not yet, whatever its status says.
  ['S4', '2025-06-02 09:00', 'working', '官网注册', null, '2025-07-05 09:00', null],
  // No stamps: judged by status, without times.
  ['S5', '2025-06-02 10:00', 'qualified', '官网注册', null, null, null],
  ['S6', '2025-06-02 11:00', 'new', '官网注册', null, null, null],
];

async function seedStamped(wh: Warehouse): Promise<void> {
  const iso = (t: string | null) => (t === null ? null : local(t).toISOString());
  await insertRows(wh, 'core.source_records', [
    ...STAMPED.map(([id, created, status, source, contact, mql, sqlAt]) => ({
      source: 'crm',
      source_key: `crm_lead:${id}`,
      source_created_at: local(created),
      attributes: {
        lead_status: status,
        lead_source: source,
        converted_contact_id: contact,
        mql_at: iso(mql),
        sql_at: iso(sqlAt),
        converted_at: null,
      },
      ingested_at: NOW,
    })),
    { source: 'crm', source_key: 'crm_contact:CT1', account_code: 'AC1', ingested_at: NOW },
  ]);
  await insertRows(
    wh,
    'core.opportunities',
    [
      ['P0', '2025-06-03 10:00'],
      ['P1', '2025-06-09 10:00'],
    ].map(([id, created]) => ({
      source: 'crm',
      opportunity_id: id,
      account_code: 'AC1',
      created_at: local(created!),
      ingested_at: NOW,
    })),
  );
}

describe('funnel KPIs', () => {
  it('pins lead -> MQL -> SQL -> opportunity conversion, cycle times and win rate, the same on both engines', async () => {
    const results: KpiRow[][] = [];
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'kpi_funnel', seed);
      await runKpis(wh, kpiConfig(), { asOf: '2025-06-30', now: NOW });
      const rows = (await allKpis(wh)).filter((r) => r.metric.startsWith('funnel.'));
      // MQL = working, qualified, converted: L1 L2 L3 L6 L7; SQL = qualified, converted: L1 L2 L6 L7;
      // opportunity: L1 only.
      expect(kpiTotal(rows, 'funnel.leads')).toMatchObject({ numerator: 7 });
      expect(kpiTotal(rows, 'funnel.lead_to_mql_rate')).toMatchObject({ numerator: 5, denominator: 7 });
      expect(kpiTotal(rows, 'funnel.mql_to_sql_rate')).toMatchObject({ numerator: 4, denominator: 5 });
      expect(kpiTotal(rows, 'funnel.sql_to_opportunity_rate')).toMatchObject({
        numerator: 1,
        denominator: 4,
      });
      expect(kpiTotal(rows, 'funnel.lead_to_opportunity_rate')).toMatchObject({
        numerator: 1,
        denominator: 7,
      });
      expect(kpiAt(rows, '2025-06-01', 'funnel.lead_to_opportunity_days')).toMatchObject({
        value: 10,
        numerator: 10,
        denominator: 1,
        unit: 'days',
      });
      expect(kpiAt(rows, '2025-06-01', 'funnel.lead_to_mql_rate')).toMatchObject({ value: 0.75 });
      expect(kpiAt(rows, '2025-06-01', 'funnel.lead_to_mql_rate', 'lead_source', '官网注册')).toMatchObject({
        numerator: 2,
        denominator: 3,
      });
      expect(kpiAt(rows, '2025-06-02', 'funnel.sql_to_opportunity_rate')).toMatchObject({ value: 0 });
      expect(kpiAt(rows, '2025-06-02', 'funnel.mql_to_sql_rate')).toMatchObject({ value: 1 });

      // Opportunities by the day they were created: O2 won in 40 days, O1 in 10, O1b lost, O4 open;
      // O3 comes after as_of.
      expect(kpiTotal(rows, 'funnel.opportunities')).toMatchObject({ numerator: 4, days: 3 });
      expect(kpiTotal(rows, 'funnel.win_rate')).toMatchObject({ numerator: 2, denominator: 3 });
      expect(kpiTotal(rows, 'funnel.opportunity_to_won_days')).toMatchObject({
        numerator: 50,
        denominator: 2,
      });
      expect(kpiAt(rows, '2025-06-11', 'funnel.win_rate')).toMatchObject({ value: 1, denominator: 1 });
      expect(kpiAt(rows, '2025-06-20', 'funnel.win_rate')).toMatchObject({ value: 0 });
      expect(kpiAt(rows, '2025-05-20', 'funnel.opportunity_to_won_days')).toMatchObject({ value: 40 });
      results.push(rows);
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('pins lead -> MQL -> SQL -> opportunity cycle times and conversion from stage timestamps as of the cutoff, the same on both engines', async () => {
    const results: KpiRow[][] = [];
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'kpi_funnel_stamped', seedStamped);
      await runKpis(wh, kpiConfig(), { asOf: '2025-06-30', now: NOW });
      const rows = (await allKpis(wh)).filter((r) => r.metric.startsWith('funnel.'));
      // MQL: S1 S2 S3 S5; SQL: S1 S3 S5; opportunity: S1 (P1).
      expect(kpiTotal(rows, 'funnel.leads')).toMatchObject({ numerator: 6 });
      expect(kpiTotal(rows, 'funnel.lead_to_mql_rate')).toMatchObject({ numerator: 4, denominator: 6 });
      expect(kpiTotal(rows, 'funnel.mql_to_sql_rate')).toMatchObject({ numerator: 3, denominator: 4 });
      expect(kpiTotal(rows, 'funnel.sql_to_opportunity_rate')).toMatchObject({
        numerator: 1,
        denominator: 3,
      });
      // Lead -> MQL: S1 1 day, S2 2 days; MQL -> SQL: S1 3 days; SQL -> opportunity: S1 4 days.
      expect(kpiAt(rows, '2025-06-01', 'funnel.lead_to_mql_days')).toMatchObject({
        value: 1.5,
        numerator: 3,
        denominator: 2,
        unit: 'days',
      });
      expect(kpiAt(rows, '2025-06-01', 'funnel.lead_to_mql_days', 'lead_source', '展会')).toMatchObject({
        value: 2,
        denominator: 1,
      });
      expect(kpiAt(rows, '2025-06-01', 'funnel.mql_to_sql_days')).toMatchObject({ value: 3, denominator: 1 });
      expect(kpiAt(rows, '2025-06-01', 'funnel.sql_to_opportunity_days')).toMatchObject({
        value: 4,
        denominator: 1,
      });
      expect(kpiAt(rows, '2025-06-01', 'funnel.lead_to_opportunity_days')).toMatchObject({ value: 8 });
      // Leads of 2025-06-02 have no stage times before the cutoff: no cycle-time rows.
      expect(rows.filter((r) => r.day === '2025-06-02' && r.metric.endsWith('_days'))).toEqual([]);

      // As of 2025-06-04, S1 is an MQL but not yet an SQL, and has no opportunity.
      await runKpis(wh, kpiConfig(), { asOf: '2025-06-04', now: NOW });
      const early = (await allKpis(wh)).filter(
        (r) => r.metric.startsWith('funnel.') && r.as_of === '2025-06-04',
      );
      expect(kpiTotal(early, 'funnel.mql_to_sql_rate')).toMatchObject({ numerator: 2, denominator: 4 });
      expect(kpiTotal(early, 'funnel.lead_to_mql_days')).toMatchObject({ numerator: 3, denominator: 2 });
      expect(kpiAt(early, '2025-06-01', 'funnel.mql_to_sql_days')).toBeUndefined();
      expect(kpiTotal(early, 'funnel.sql_to_opportunity_rate')).toMatchObject({ numerator: 0 });
      results.push(rows);
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('reads stages and statuses from config', async () => {
    for (const engine of ENGINES) {
      const wh = await seeded(engine, 'kpi_funnel_config', seed);
      const config = kpiConfig({
        funnel: {
          mqlStatuses: ['qualified', 'converted', 'disqualified'],
          sqlStatuses: ['converted'],
          wonStages: ['Closed Lost'],
          lostStages: ['Closed Won'],
        },
      });
      await runKpis(wh, config, { asOf: '2025-06-30', now: NOW });
      const rows = await allKpis(wh);
      expect(kpiTotal(rows, 'funnel.lead_to_mql_rate')).toMatchObject({ numerator: 5, denominator: 7 });
      expect(kpiTotal(rows, 'funnel.mql_to_sql_rate')).toMatchObject({ numerator: 3, denominator: 5 });
      expect(kpiTotal(rows, 'funnel.win_rate')).toMatchObject({ numerator: 1, denominator: 3 });
    }
  });
});
