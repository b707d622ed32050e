import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse } from '../test/engines.ts';
import { sql, type Warehouse } from '../warehouse/index.ts';
import { ModelsConfigSchema } from './config.ts';
import { weekAfterLastComplete } from './forecast-job.ts';
import { runForecastModel } from './run.ts';

const NOW = new Date('2025-07-15T00:00:00+08:00');
const open: Warehouse[] = [];
afterAll(async () => {
  for (const w of open) await w.close();
});

/** 20 weeks of store BJ01 selling masks: 100 a week, on Wednesdays from 2025-01-01 (a Wednesday). */
async function weeklySales(
  engine: (typeof ENGINES)[number],
  weekly: (w: number) => number,
): Promise<Warehouse> {
  const wh = await freshWarehouse(engine, 'forecast', 'Asia/Shanghai');
  open.push(wh);
  await wh.query(
    sql`INSERT INTO core.customers (customer_id, created_at, updated_at) VALUES ('c1', ${NOW}, ${NOW})`,
  );
  const orders: unknown[][] = [];
  const lines: unknown[][] = [];
  for (let w = 0; w < 20; w++) {
    const at = new Date(Date.parse('2025-01-01T10:00:00+08:00') + w * 7 * 86_400_000);
    orders.push(['pos', `o${w}`, 'c1', 'store', 'BJ01', at, 'completed', 'CNY', weekly(w), NOW]);
    lines.push(['pos', `o${w}`, 1, '口罩', 1, weekly(w), weekly(w), NOW]);
  }
  const cols = (names: string[], types: string[]) =>
    names.map((name, i) => ({ name, type: types[i] as 'text' }));
  await wh.load(
    'core.orders',
    cols(
      [
        'source',
        'order_id',
        'customer_id',
        'channel',
        'store_code',
        'ordered_at',
        'status',
        'currency',
        'net_amount',
        'ingested_at',
      ],
      ['text', 'text', 'text', 'text', 'text', 'timestamptz', 'text', 'text', 'money', 'timestamptz'],
    ),
    [orders],
  );
  await wh.load(
    'core.order_lines',
    cols(
      ['source', 'order_id', 'line_no', 'category', 'quantity', 'unit_price', 'line_amount', 'ingested_at'],
      ['text', 'text', 'integer', 'text', 'double', 'money', 'money', 'timestamptz'],
    ),
    [lines],
  );
  return wh;
}

const config = ModelsConfigSchema.parse({ forecast: { horizonWeeks: 4, origins: 2, minWeeks: 8 } });

describe('forecast job', () => {
  it('counts only complete weeks up to as_of', () => {
    expect(weekAfterLastComplete('2025-05-18')).toBe('2025-05-19'); // a Sunday completes its week
    expect(weekAfterLastComplete('2025-05-21')).toBe('2025-05-19'); // a Wednesday does not
  });

  it('backtests, picks the simplest of equally good methods, forecasts and replaces its rows, the same on both engines', async () => {
    const results = [];
    for (const engine of ENGINES) {
      const wh = await weeklySales(engine, () => 100);
      // 2025-05-18 is the Sunday ending week 20 (weeks start on Monday 2024-12-30).
      const summary = await runForecastModel(wh, config, { asOf: '2025-05-18', now: NOW });
      expect(summary.series).toBe(1);
      expect(summary.chosenPooledWape).toBe(0);
      const f = (
        await wh.query(
          sql`SELECT series, period_start, method, value FROM marts.forecasts ORDER BY period_start`,
        )
      ).rows;
      expect(f).toEqual(
        ['2025-05-19', '2025-05-26', '2025-06-02', '2025-06-09'].map((period_start) => ({
          series: 'store_category:BJ01|口罩',
          period_start,
          method: 'naive',
          value: 100,
        })),
      );
      const acc = (
        await wh.query(
          sql`SELECT method, cutoff, wape, chosen FROM marts.forecast_accuracy WHERE method = 'naive' ORDER BY cutoff`,
        )
      ).rows;
      // Two origins one horizon apart, the last ending with the data: weeks 12 and 16 of 20.
      expect(acc).toEqual([
        { method: 'naive', cutoff: '2025-03-24', wape: 0, chosen: true },
        { method: 'naive', cutoff: '2025-04-21', wape: 0, chosen: true },
      ]);
      await runForecastModel(wh, config, { asOf: '2025-05-18', now: NOW });
      expect((await wh.query(sql`SELECT count(*) AS n FROM marts.forecasts`)).rows[0]!.n).toBe(4);
      results.push(f);
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('reports no WAPE where the actuals are all zero instead of dividing by zero', async () => {
    const wh = await weeklySales('duckdb', (w) => (w < 12 ? 50 : 0.01));
    const summary = await runForecastModel(wh, config, { asOf: '2025-05-18', now: NOW, write: false });
    expect(summary.series).toBe(1);
    for (const m of summary.methods)
      expect(m.pooledWape === null || Number.isFinite(m.pooledWape)).toBe(true);
  });
});
