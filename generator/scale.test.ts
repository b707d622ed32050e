import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmallRun } from './test-support.ts';
import { filesMatching, readNdjson, smallRun } from './test-support.ts';

describe('scale and seasonality', () => {
  const runs: SmallRun[] = [];
  beforeAll(async () => {
    runs.push(
      await smallRun({ customers: 200, days: 30, seed: 9 }),
      await smallRun({ customers: 800, days: 30, seed: 9 }),
    );
  });
  afterAll(() => Promise.all(runs.map((r) => r.cleanup())));

  it('grows every person-driven count roughly in proportion to the population', () => {
    const [small, large] = runs as [SmallRun, SmallRun];
    expect(small.manifest.counts.population?.persons).toBe(200);
    expect(large.manifest.counts.population?.persons).toBe(800);
    for (const [feed, counter] of [
      ['ecommerce', 'orders'],
      ['pos', 'receipts'],
      ['consents', 'grants'],
      ['wms', 'shipments'],
      ['miniprogram', 'members'],
    ] as const) {
      const ratio =
        (large.manifest.counts[feed]?.[counter] ?? 0) / (small.manifest.counts[feed]?.[counter] ?? 1);
      expect(ratio, `${feed}.${counter}`).toBeGreaterThan(2.5);
      expect(ratio, `${feed}.${counter}`).toBeLessThan(6);
    }
  });

  it('keeps the file layout independent of the population: one POS file per store per day', () => {
    for (const run of runs) {
      expect(filesMatching(run, /^pos\/[A-Z]{2}\d{2}\/\d{8}\.csv$/)).toHaveLength(20 * 30);
      expect(filesMatching(run, /^wms\/(shipments|tracking)-\d{8}\.csv$/)).toHaveLength(2 * 30);
    }
  });

  it('puts a Double 11 spike into online orders', async () => {
    const run = await smallRun({ customers: 1500, days: 30, start: '2025-10-25', seed: 2 });
    try {
      const perDay = new Map<string, number>();
      for (const f of filesMatching(run, /^ecommerce\/orders-/)) {
        for (const o of await readNdjson(run, f)) {
          const day = String(o?.created_at).slice(0, 10);
          perDay.set(day, (perDay.get(day) ?? 0) + 1);
        }
      }
      const peak = perDay.get('2025-11-11') ?? 0;
      const quiet = ['2025-11-18', '2025-11-19', '2025-11-20'].map((d) => perDay.get(d) ?? 0);
      expect(peak).toBeGreaterThan(2.5 * Math.max(...quiet));
    } finally {
      await run.cleanup();
    }
  });
});
