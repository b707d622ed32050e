import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse, type Engine } from '../test/engines.ts';
import { sql, type LogicalType, type Warehouse } from '../warehouse/index.ts';
import { ModelsConfigSchema, type ModelsConfigInput } from './config.ts';
import { PipelineStageError, readPipelineSeries } from './forecast-pipeline.ts';
import { runForecastModel } from './run.ts';

const open: Warehouse[] = [];
afterAll(async () => {
  for (const w of open) await w.close();
});

/** A Shanghai wall-clock time as an instant. */
const local = (s: string): Date => new Date(`${s.replace(' ', 'T')}+08:00`);
const NOW = local('2025-03-05 12:00');

// [id, currency, amount, current stage, close date, created, [stage, at, amount on the change?,
// the CRM's forecast category?][], the opportunity's forecast category?]
type Opp = [string, string, number, string, string, string, [string, string, number?, string?][], string?];
const OPPORTUNITIES: Opp[] = [
  [
    'O1',
    'CNY',
    100_000,
    'Closed Won',
    '2025-02-12',
    '2025-01-06 10:00',
    [
      ['Prospecting', '2025-01-06 10:00'],
      ['Proposal', '2025-01-15 10:00'],
      ['Negotiation', '2025-01-27 10:00'],
      // Won at a higher amount than quoted: the change's amount counts.
      ['Closed Won', '2025-02-12 15:00', 120_000],
    ],
  ],
  [
    'O2',
    'CNY',
    50_000,
    'Closed Lost',
    '2025-01-20',
    '2025-01-08 10:00',
    [
      ['Qualification', '2025-01-08 10:00'],
      ['Closed Lost', '2025-01-20 10:00'],
    ],
  ],
  // Another currency: left out.
  [
    'O3',
    'USD',
    80_000,
    'Prospecting',
    '2025-04-01',
    '2025-01-06 10:00',
    [['Prospecting', '2025-01-06 10:00']],
  ],
  // No stage history: its current stage from created_at.
  ['O4', 'CNY', 20_000, 'Proposal', '2025-04-01', '2025-02-03 10:00', []],
  // Moves to Negotiation exactly at the end of week 1 (Monday 00:00): week 1 ends in Prospecting.
  [
    'O5',
    'CNY',
    10_000,
    'Negotiation',
    '2025-04-01',
    '2025-01-06 09:00',
    [
      ['Prospecting', '2025-01-06 09:00'],
      ['Negotiation', '2025-01-13 00:00'],
    ],
  ],
  // Closed won without stage history: won on its close date.
  ['O7', 'CNY', 40_000, 'Closed Won', '2025-02-25', '2025-01-10 10:00', []],
];

async function pipeline(engine: Engine, extra: Opp[] = []): Promise<Warehouse> {
  const wh = await freshWarehouse(engine, 'forecast_pipeline', 'Asia/Shanghai');
  open.push(wh);
  const all = [...OPPORTUNITIES, ...extra];
  const col = (name: string, type: LogicalType) => ({ name, type });
  await wh.load(
    'core.opportunities',
    [
      col('source', 'text'),
      col('opportunity_id', 'text'),
      col('currency', 'text'),
      col('amount', 'money'),
      col('stage', 'text'),
      col('close_date', 'date'),
      col('created_at', 'timestamptz'),
      col('forecast_category', 'text'),
      col('ingested_at', 'timestamptz'),
    ],
    [
      all.map(([id, cur, amount, stage, close, created, , category]) => [
        'crm',
        id,
        cur,
        amount,
        stage,
        close,
        local(created),
        category ?? null,
        NOW,
      ]),
    ],
  );
  await wh.load(
    'core.events',
    [
      col('source', 'text'),
      col('event_id', 'text'),
      col('event_type', 'text'),
      col('occurred_at', 'timestamptz'),
      col('status', 'text'),
      col('attributes', 'json'),
      col('ingested_at', 'timestamptz'),
    ],
    [
      all.flatMap(([id, , amount, , , , changes]) =>
        changes.map(([stage, at, changed, category]) => [
          'crm',
          `${id}:${stage}:${at}`,
          'opportunity_stage',
          local(at),
          stage,
          {
            opportunity_id: id,
            stage,
            amount: String(changed ?? amount),
            forecast_category: category ?? null,
          },
          NOW,
        ]),
      ),
    ],
  );
  return wh;
}

const config = (input: ModelsConfigInput['forecast'] = {}) =>
  ModelsConfigSchema.parse({ forecast: { horizonWeeks: 2, origins: 1, minWeeks: 3, ...input } }).forecast;

async function seriesOf(wh: Warehouse, input: ModelsConfigInput['forecast'] = {}) {
  const { weekly, inputs } = await readPipelineSeries(wh, config(input).pipeline, {
    asOf: '2025-03-02',
    currency: 'CNY',
  });
  const out: Record<string, number[]> = {};
  for (const [key, values] of weekly.series) out[key] = [...values];
  return { weeks: weekly.weeks, series: out, inputs };
}

describe('pipeline forecast series', () => {
  it('weights open amounts by stage probability per category at each week end, and sums won amounts per week, the same on both engines', async () => {
    const results = [];
    for (const engine of ENGINES) {
      const wh = await pipeline(engine);
      // 2025-03-02 is a Sunday: weeks 2025-01-06 .. 2025-02-24 are complete.
      const r = await seriesOf(wh);
      expect(r.weeks).toEqual([
        '2025-01-06',
        '2025-01-13',
        '2025-01-20',
        '2025-01-27',
        '2025-02-03',
        '2025-02-10',
        '2025-02-17',
        '2025-02-24',
      ]);
      expect(r.series).toEqual({
        // Prospecting 10%, Qualification 20%: week 1 O1 10000 + O2 10000 + O5 1000; week 2 O2 still
        // Qualification (lost on Monday 10:00 of week 3).
        'pipeline_weighted:Pipeline': [21_000, 10_000, 0, 0, 0, 0, 0, 0],
        // Proposal 50%: O1 in weeks 2-3, O4 (no history, created week 5) from week 5.
        'pipeline_weighted:Best Case': [0, 50_000, 50_000, 0, 10_000, 10_000, 10_000, 10_000],
        // Negotiation 75%: O5 from week 2, O1 in weeks 4-5 until it is won.
        'pipeline_weighted:Commit': [0, 7_500, 7_500, 82_500, 82_500, 7_500, 7_500, 7_500],
        // O1 won in week 6 at its changed amount, O7 (no history) on its close date in week 8.
        'pipeline_won:all': [0, 0, 0, 0, 0, 120_000, 0, 40_000],
        // O1 was in Negotiation (Commit) before it was won; O7 held no open stage: in no category.
        'pipeline_won:Commit': [0, 0, 0, 0, 0, 120_000, 0, 0],
      });
      expect(r.inputs.lastWeek).toEqual([
        { stage: 'Negotiation', category: 'Commit', amount: 10_000, weighted: 7_500 },
        { stage: 'Proposal', category: 'Best Case', amount: 20_000, weighted: 10_000 },
      ]);
      results.push(r);
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('assigns categories by configured rules: stage lists first, then probability', async () => {
    const wh = await pipeline('duckdb');
    const r = await seriesOf(wh, {
      pipeline: {
        measures: ['weighted'],
        categories: [
          { category: 'Commit', stages: ['Negotiation'] },
          { category: 'Best Case', minProbability: 0.2 },
          { category: 'Pipeline', stages: ['Prospecting'] },
        ],
      },
    });
    // Qualification (20%) is Best Case now; every open stage here matches some rule.
    expect(r.series).toEqual({
      'pipeline_weighted:Pipeline': [11_000, 0, 0, 0, 0, 0, 0, 0],
      'pipeline_weighted:Best Case': [10_000, 60_000, 50_000, 0, 10_000, 10_000, 10_000, 10_000],
      'pipeline_weighted:Commit': [0, 7_500, 7_500, 82_500, 82_500, 7_500, 7_500, 7_500],
    });
  });

  it("honours the CRM's forecast category over the rules, and splits won amounts by the category held before, the same on both engines", async () => {
    // O9 sits in Proposal (Best Case by the rules) but the rep committed it in week 2 and the CRM
    // says so ('commit' in its own spelling); won in week 4. O10 is Omitted: in no category. O11
    // has no history and the CRM category 'Upside', a category the rules do not know.
    const extra: Opp[] = [
      [
        'O9',
        'CNY',
        30_000,
        'Closed Won',
        '2025-01-29',
        '2025-01-06 10:00',
        [
          ['Proposal', '2025-01-06 10:00', 30_000, 'Best Case'],
          ['Proposal', '2025-01-14 10:00', 30_000, 'commit'],
          ['Closed Won', '2025-01-29 10:00', 30_000, 'Closed'],
        ],
      ],
      [
        'O10',
        'CNY',
        8_000,
        'Negotiation',
        '2025-04-01',
        '2025-01-06 10:00',
        [['Negotiation', '2025-01-06 10:00', 8_000, 'Omitted']],
      ],
      ['O11', 'CNY', 6_000, 'Qualification', '2025-04-01', '2025-02-18 10:00', [], 'Upside'],
    ];
    const results = [];
    for (const engine of ENGINES) {
      const wh = await pipeline(engine, extra);
      const r = await seriesOf(wh);
      // Week 1 O9 Best Case 15,000 on top; from week 2 Commit (50% of 30,000) until won in week 4.
      expect(r.series['pipeline_weighted:Best Case']).toEqual([
        15_000, 50_000, 50_000, 0, 10_000, 10_000, 10_000, 10_000,
      ]);
      expect(r.series['pipeline_weighted:Commit']).toEqual([
        0, 22_500, 22_500, 82_500, 82_500, 7_500, 7_500, 7_500,
      ]);
      // Qualification 20% of 6,000 from week 7.
      expect(r.series['pipeline_weighted:Upside']).toEqual([0, 0, 0, 0, 0, 0, 1_200, 1_200]);
      expect(r.series['pipeline_won:Commit']).toEqual([0, 0, 0, 30_000, 0, 120_000, 0, 0]);
      expect(r.series['pipeline_won:all']).toEqual([0, 0, 0, 30_000, 0, 120_000, 0, 40_000]);
      expect(r.inputs.lastWeek).toContainEqual({
        stage: 'Negotiation',
        category: null,
        amount: 8_000,
        weighted: 0,
      });
      results.push(r);
    }
    expect(results[1]).toEqual(results[0]);
    // Without crmCategories the rules decide: O9 stays Best Case, O10 is Commit.
    const wh = await pipeline('duckdb', extra);
    const rules = await seriesOf(wh, { pipeline: { crmCategories: false } });
    expect(rules.series['pipeline_weighted:Upside']).toBeUndefined();
    expect(rules.series['pipeline_won:Best Case']).toEqual([0, 0, 0, 30_000, 0, 0, 0, 0]);
    expect(rules.series['pipeline_weighted:Commit']?.[0]).toBe(6_000);
  });

  it('refuses a stage with no probability, naming the config key', async () => {
    const wh = await pipeline('duckdb', [
      ['O8', 'CNY', 5_000, '方案确认', '2025-04-01', '2025-02-20 10:00', [['方案确认', '2025-02-20 10:00']]],
    ]);
    const err = await seriesOf(wh).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineStageError);
    expect((err as Error).message).toMatchInlineSnapshot(
      `"opportunity stage "方案确认" found in the stage history but not in models.forecast.pipeline.stageProbabilities: add each with its win probability (0-1), list closed ones in wonStages or lostStages, or set models.forecast.pipeline.enabled to false"`,
    );
    const r = await seriesOf(wh, { pipeline: { stageProbabilities: { 方案确认: 0.4 } } });
    expect(r.series['pipeline_weighted:Best Case']?.at(-1)).toBe(12_000);
  });

  it('writes forecasts and backtests under series ids that name the kind, the same on both engines', async () => {
    const results = [];
    for (const engine of ENGINES) {
      const wh = await pipeline(engine);
      const summary = await runForecastModel(
        wh,
        // One week ahead: the won series' three weeks leave two to fit a backtest on.
        ModelsConfigSchema.parse({ forecast: { horizonWeeks: 1, origins: 1, minWeeks: 3 } }),
        { asOf: '2025-03-02', now: NOW },
      );
      expect(summary.kinds.map((k) => [k.kind, k.series])).toEqual([
        ['sales', 0],
        ['pipeline', 5],
      ]);
      const { rows } = await wh.query(
        sql`SELECT series, period_start, method, value FROM marts.forecasts ORDER BY series, period_start`,
      );
      expect([...new Set(rows.map((r) => r.series))]).toEqual([
        'pipeline_weighted:Best Case',
        'pipeline_weighted:Commit',
        'pipeline_weighted:Pipeline',
        'pipeline_won:Commit',
        'pipeline_won:all',
      ]);
      expect(new Set(rows.map((r) => r.period_start))).toEqual(new Set(['2025-03-03']));
      const acc = await wh.query(sql`SELECT count(DISTINCT series) AS n FROM marts.forecast_accuracy`);
      expect(acc.rows[0]!.n).toBe(5);
      results.push(rows);
    }
    expect(results[1]).toEqual(results[0]);
  });
});
