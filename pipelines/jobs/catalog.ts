import { VALUE_MODELS } from '../../models/index.ts';
import type { Warehouse } from '../../warehouse/index.ts';
import type { LoadedConfig } from '../config/load.ts';
import { runIdentityJob } from '../identity-job.ts';
import { runIngest } from '../ingest-job.ts';
import type { Logger } from '../log.ts';
import { runForecastJob, runHealthJob, runKpisJob, runValueModelJob } from '../models-job.ts';
import { runSegmentsJob } from '../segments-job.ts';
import { runExportJob } from '../destinations-job.ts';
import type { BuiltinJob } from '../scheduler/index.ts';

/** What a job is given when it runs. */
export interface JobRunContext {
  readonly wh: Warehouse;
  readonly loaded: LoadedConfig;
  readonly log: Logger;
  /** The day a model is computed for; null = today in warehouse.timezone. Jobs without one ignore it. */
  readonly asOf: string | null;
  /** Aborted at timeout or shutdown: a job checks it between steps. */
  readonly signal: AbortSignal;
}

/** How a job ended, for the operator. Failures that the job recorded itself come back as 'failed'. */
export interface JobRunResult {
  readonly status: 'succeeded' | 'failed';
  readonly summary: string;
  readonly report?: unknown;
}

/** A built-in job: its place in the graph and the code that runs it. */
export interface CatalogJob extends BuiltinJob {
  /** Whether the job is computed for an as_of (models) or works on what there is now (ingest, identity). */
  readonly takesAsOf: boolean;
  run(ctx: JobRunContext): Promise<JobRunResult>;
}

// Tables every ingest may write; identity reads them, so every ingest runs before it.
const INGEST_OUTPUTS = [
  'core.source_records',
  'core.orders',
  'core.order_lines',
  'core.events',
  'core.accounts',
  'core.opportunities',
  'core.consents',
];

/** The jobs cdp ships for a project: one ingest per configured source, identity, the value models. */
export function builtinJobs(loaded: LoadedConfig): CatalogJob[] {
  const ingests: CatalogJob[] = Object.keys(loaded.config.sources).map((source) => ({
    name: `ingest_${source}`,
    description: `load new files of source ${source} (${loaded.config.sources[source]!.connector} connector)`,
    inputs: [],
    outputs: INGEST_OUTPUTS,
    takesAsOf: false,
    async run({ wh, loaded: l, log }) {
      const r = await runIngest(wh, l, log, source, []);
      const t = r.totals;
      const failed = r.files.filter((f) => f.status === 'failed');
      const error = failed.map((f) => `${f.path}: ${f.error}`).join('; ');
      return {
        status: failed.length ? 'failed' : 'succeeded',
        summary: `${t.read} read = ${t.loaded} loaded + ${t.quarantined} quarantined + ${t.duplicates} duplicates (${r.files.length - t.skippedFiles} new files)${error ? `; ${error}` : ''}`,
        report: r,
      };
    },
  }));
  const identity: CatalogJob = {
    name: 'identity',
    description: 'resolve source records into customers with stable IDs; golden records, customer 360',
    inputs: ['core.source_records', 'core.orders', 'core.events', 'core.consents'],
    outputs: ['core.customers', 'core.customer_360', 'identity.records'],
    takesAsOf: false,
    async run({ wh, loaded: l, log }) {
      const r = await runIdentityJob(wh, l, log);
      return {
        status: 'succeeded',
        summary: r.skipped
          ? `${r.records} source records, ${r.customers} customers: nothing changed since the last run`
          : `${r.records} source records -> ${r.customers} customers (${r.changes.merge} merges, ${r.changes.create} new IDs)`,
        report: r,
      };
    },
  };
  const models: CatalogJob[] = VALUE_MODELS.map((model) => ({
    name: model,
    description: {
      rfm: 'RFM scores and segments',
      tags: 'behaviour and rule tags',
      clv: 'BG/NBD + Gamma-Gamma lifetime value',
    }[model],
    inputs: ['core.orders', 'core.order_lines', 'core.customers'],
    outputs: [{ rfm: 'marts.rfm_scores', tags: 'marts.customer_tags', clv: 'marts.clv' }[model]],
    takesAsOf: true,
    async run({ wh, loaded: l, log, asOf }) {
      const r = await runValueModelJob(wh, l, log, model, asOf ? { asOf } : {});
      const left = Object.values(r.usage.excluded).reduce((a, b) => a + b, 0);
      return {
        status: 'succeeded',
        summary: `as of ${r.asOf}: ${r.rows} rows from ${r.usage.counted} orders (${left} left out, by reason in ops.job_runs)`,
        report: r,
      };
    },
  }));
  const health: CatalogJob = {
    name: 'health',
    description: 'account health scores, bands, roll-up and alerts',
    inputs: ['core.events', 'core.accounts'],
    outputs: ['marts.health_scores', 'marts.health_alerts'],
    takesAsOf: true,
    async run({ wh, loaded: l, log, asOf }) {
      const r = await runHealthJob(wh, l, log, asOf ? { asOf } : {});
      return {
        status: 'succeeded',
        summary: `as of ${r.asOf}: ${r.accounts} accounts (${r.bands.red} red, ${r.bands.yellow} yellow, ${r.bands.green} green), ${r.alerts} alerts`,
        report: r,
      };
    },
  };
  const forecast: CatalogJob = {
    name: 'forecast',
    description: 'weekly sales and B2B pipeline forecasts, method per series chosen by backtest WAPE',
    inputs: ['core.orders', 'core.order_lines', 'core.opportunities', 'core.events'],
    outputs: ['marts.forecasts', 'marts.forecast_accuracy'],
    takesAsOf: true,
    async run({ wh, loaded: l, log, asOf }) {
      const r = await runForecastJob(wh, l, log, asOf ? { asOf } : {});
      const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
      return {
        status: 'succeeded',
        summary: `as of ${r.asOf}: ${r.series} series (${r.skippedShort} too short); backtest WAPE of the chosen methods ${f(r.chosenPooledWape)}`,
        report: r,
      };
    },
  };
  const kpis: CatalogJob = {
    name: 'kpis',
    description: 'service, healthcare, funnel and data-quality KPIs per day (marts.kpi_daily)',
    inputs: ['core.events', 'core.source_records', 'core.opportunities', 'identity.records'],
    outputs: ['marts.kpi_daily'],
    takesAsOf: true,
    async run({ wh, loaded: l, log, asOf }) {
      const r = await runKpisJob(wh, l, log, asOf ? { asOf } : {});
      return { status: 'succeeded', summary: `${r.rows} rows for ${r.from} .. ${r.asOf}`, report: r };
    },
  };
  const segments: CatalogJob = {
    name: 'segments',
    description:
      'audiences: current members and who entered or left (marts.segment_members, segment_changes)',
    inputs: [
      'core.customers',
      'core.orders',
      'core.events',
      'core.consents',
      'marts.rfm_scores',
      'marts.customer_tags',
      'marts.clv',
      'core.source_records',
      'marts.health_scores',
    ],
    outputs: ['marts.segment_members', 'marts.segment_changes'],
    takesAsOf: true,
    async run({ wh, loaded: l, log, asOf }) {
      const r = await runSegmentsJob(wh, l, log, asOf ? { asOf } : {});
      return {
        status: 'succeeded',
        summary: `as of ${r.asOf}: ${r.segments.map((s) => (s.removed ? `${s.segment} removed (${s.exited} exited)` : `${s.segment} ${s.members}`)).join(', ') || 'no segments configured'}`,
        report: r,
      };
    },
  };
  // Pull destinations are served by `cdp serve` on request: they have no export job.
  const pushed = Object.entries(loaded.config.destinations).flatMap(([name, dest]) =>
    dest.type === 'pull' ? [] : [[name, dest] as const],
  );
  const exports: CatalogJob[] = pushed.map(([name, dest]) => ({
    name: `export_${name}`,
    description: `send segment ${dest.segment} to ${dest.type === 'file' ? `${dest.format} files in ${dest.directory}` : dest.url} (${dest.purpose} / ${dest.channel} consent)`,
    inputs: ['marts.segment_members', 'core.consents'],
    outputs: ['ops.export_log'],
    takesAsOf: true,
    async run({ wh, loaded: l, log, asOf }) {
      const r = await runExportJob(wh, l, log, name, asOf ? { asOf } : {});
      const where = r.files.length
        ? r.files.join(', ')
        : dest.type === 'file'
          ? 'no file (nothing to send)'
          : dest.url;
      return {
        status: 'succeeded',
        summary: `${r.adds} adds, ${r.removes} removes -> ${where}; left out: ${r.noConsent} no consent, ${r.suppressed} suppressed, ${r.capped} capped, ${r.heldOut} held out${r.rejected ? `; ${r.rejected} rejected` : ''}`,
        report: r,
      };
    },
  }));
  return [...ingests, identity, ...models, health, forecast, kpis, segments, ...exports];
}
