import { defineConfig } from './pipelines/index.ts';
import { and, birthday, consent, define, health, not, purchased, rfm, tag } from './segments/index.ts';

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
  // Feeds to ingest: each source is a job ingest_<name> that loads new files from its paths
  // (relative to this file). These read what `cdp demo` generates; point them at your exports.
  sources: {
    pos: { connector: 'pos', paths: ['.cdp/demo-data/pos'] },
    ecommerce: { connector: 'ecommerce', paths: ['.cdp/demo-data/ecommerce'] },
    miniprogram: { connector: 'miniprogram', paths: ['.cdp/demo-data/miniprogram'] },
    his: { connector: 'his', paths: ['.cdp/demo-data/his'] },
    wms: { connector: 'wms', paths: ['.cdp/demo-data/wms'] },
    tickets: { connector: 'tickets', paths: ['.cdp/demo-data/tickets'] },
    crm: { connector: 'crm', paths: ['.cdp/demo-data/crm'] },
    consents: { connector: 'consents', paths: ['.cdp/demo-data/consents'] },
    equipment: { connector: 'equipment', paths: ['.cdp/demo-data/equipment'] },
  },
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
    // Weekly forecasts (cdp run forecast): sales per store x category, and the B2B pipeline
    // (stage-weighted open amount per Commit / Best Case / Pipeline, the CRM's own category when it
    // gives one, and won amount in total and per category); see
    // docs/forecasts.md for the stage probabilities and category rules.
    forecast: {
      sales: { by: 'store_category' },
      pipeline: { measures: ['weighted', 'won', 'won_by_category'] },
      horizonWeeks: 13,
    },
  },
  // Audiences (cdp run segments; cdp segments list|preview|explain). The same definitions can live
  // in JSON files for non-developers: segmentFiles: ['segments/*.json']. See docs/segments.md.
  segments: {
    win_back_sms: define(
      and(
        rfm.segment.in(['Champions', 'Loyal Customers', "Can't Lose Them"]),
        not(purchased().within({ days: 60 })),
        consent('marketing', 'sms'),
      ),
      { description: 'valuable customers with no purchase for 60 days who accept marketing SMS' },
    ),
    churn_warning: define(tag('lifecycle_stage').in(['churn_warning']), {
      description: 'lifecycle stage churn warning',
    }),
    mask_regulars: define(tag('mask_regular').is('true'), {
      description: 'seed 002: masks twice a month, 200+',
    }),
    birthday_week: define(and(birthday.within({ days: 7 }), consent('marketing', 'wechat')), {
      description: 'birthday within 7 days, WeChat marketing consent',
    }),
    at_risk_accounts: define(health.band.in(['red', 'yellow']), {
      description: 'contacts of B2B accounts whose health is red or yellow (docs/health.md)',
    }),
  },
  // Where segments go: each destination is a job export_<name>. Nothing leaves without a granted
  // consent for the purpose and channel; caps count across destinations of a channel; the holdout
  // is a stable 10% never sent, for lift. See docs/destinations.md.
  destinations: {
    sms_win_back: {
      type: 'file',
      format: 'csv',
      directory: '.cdp/exports',
      segment: 'win_back_sms',
      purpose: 'marketing',
      channel: 'sms',
      fields: ['customer_id', 'full_name', 'phone'],
      frequencyCap: { max: 2, perDays: 7 },
      holdout: { percent: 10, campaign: 'win_back_2025q4' },
    },
    wechat_birthday: {
      type: 'file',
      format: 'parquet',
      directory: '.cdp/exports',
      segment: 'birthday_week',
      purpose: 'marketing',
      channel: 'wechat',
      fields: ['customer_id', 'full_name'],
    },
  },
  // Schedules and settings of the built-in jobs (ingest_<source>, identity, rfm, tags, clv) and SQL
  // jobs of your own. Order comes from the tables jobs read and write plus dependsOn: `cdp jobs`
  // shows it, `cdp schedule` runs it. Times are in warehouse.timezone unless a job sets its own.
  jobs: {
    ingest_pos: { schedule: '15 1 * * *', retries: 2, retryBackoffSeconds: 60 },
    ingest_ecommerce: { schedule: '15 1 * * *', retries: 2, retryBackoffSeconds: 60 },
    ingest_miniprogram: { schedule: '15 1 * * *' },
    ingest_his: { schedule: '15 1 * * *' },
    ingest_wms: { schedule: '15 1 * * *' },
    ingest_tickets: { schedule: '15 1 * * *' },
    ingest_crm: { schedule: '15 1 * * *' },
    ingest_consents: { schedule: '15 1 * * *' },
    ingest_equipment: { schedule: '15 1 * * *' },
    identity: { schedule: '30 2 * * *', timeoutSeconds: 7200 },
    rfm: { schedule: '0 4 * * *' },
    tags: { schedule: '0 4 * * *' },
    clv: { schedule: '0 4 * * 1', catchUp: 'latest' },
    health: { schedule: '0 5 * * *' },
    forecast: { schedule: '0 5 * * 1' },
    kpis: { schedule: '30 5 * * *' },
    segments: { schedule: '0 6 * * *' },
    export_sms_win_back: { schedule: '30 9 * * 1-5', retries: 3, retryBackoffSeconds: 60 },
    export_wechat_birthday: { schedule: '0 9 * * *' },
    // A SQL job of your own: :as_of and params are bound as parameters.
    daily_sales: {
      kind: 'sql',
      description: 'net sales per channel and day, for BI',
      schedule: '30 4 * * *',
      inputs: ['core.orders'],
      outputs: ['marts.daily_sales'],
      sql: [
        `CREATE TABLE IF NOT EXISTS marts.daily_sales (day DATE, channel VARCHAR, orders BIGINT, net_sales DECIMAL(18, 2))`,
        `DELETE FROM marts.daily_sales WHERE day > CAST(:as_of AS DATE) - CAST(:days AS INTEGER)`,
        `INSERT INTO marts.daily_sales
           SELECT CAST(ordered_at AS DATE), channel, count(*), sum(net_amount) FROM core.orders
           WHERE status <> 'cancelled' AND CAST(ordered_at AS DATE) > CAST(:as_of AS DATE) - CAST(:days AS INTEGER)
             AND CAST(ordered_at AS DATE) <= CAST(:as_of AS DATE)
           GROUP BY 1, 2`,
      ],
      params: { days: 35 },
    },
  },
  // What `cdp demo` generates.
  demo: { customers: 2000, seed: 42, start: '2025-01-01', days: 365, dataDir: '.cdp/demo-data' },
});
