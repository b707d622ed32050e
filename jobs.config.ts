import { defineConfig } from './pipelines/index.ts';

// The project's configuration, validated when cdp starts (an invalid key stops every command with
// its path and the value found). See README.md#configuration.
export default defineConfig({
  warehouse: {
    // A DuckDB file (relative to this file), ':memory:', or postgres://user:password@host:5432/db.
    // --warehouse and CDP_WAREHOUSE override it.
    url: '.cdp/warehouse.duckdb',
    // Timestamps become days in this zone on both engines.
    timezone: 'Asia/Shanghai',
    // DuckDB's memory cap: past it, big loads spill to disk instead of growing.
    memoryLimit: '1GB',
  },
  // Feeds to ingest, by connector (issue 3).
  sources: {},
  // Identity resolution (cdp identity run). Every key is optional; these are the defaults worth
  // knowing. Rules apply in order; see README.md#identity-resolution.
  identity: {
    // A phone or email held by more distinct family names than this identifies no one.
    maxFamiliesPerContact: 3,
    probabilistic: {
      // Pairs at or above this match probability merge; from reviewThreshold up they are queued.
      autoMergeThreshold: 0.99,
      reviewThreshold: 0.8,
    },
  },
  // Customer value models (cdp run rfm|tags|clv [--as-of DATE]); see docs/models.md.
  models: {
    // Orders in other currencies are left out, counted in the run record.
    currency: 'CNY',
    rfm: { windowDays: 365 },
    tags: {
      // Rule tags: customers with at least minOrders qualifying orders in each of the last
      // `periods` periods of periodDays days.
      rules: [
        {
          name: 'mask_regular',
          description: 'bought masks at least twice a month with a basket of 200 or more',
          categories: ['口罩'],
          minOrders: 2,
          minOrderAmount: 200,
          periodDays: 30,
        },
      ],
    },
    // BG/NBD + Gamma-Gamma in weeks, CLV over a year discounted at 10% a year.
    clv: { periodDays: 7, horizonDays: 365, annualDiscountRate: 0.1 },
  },
  // Scheduled jobs and their dependencies (issue 8).
  jobs: {},
  // What `cdp demo` generates.
  demo: { customers: 2000, seed: 42, start: '2025-01-01', days: 365, dataDir: '.cdp/demo-data' },
});
