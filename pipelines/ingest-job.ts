import { getConnector, ingest, type IngestReport } from '../connectors/index.ts';
import type { Warehouse } from '../warehouse/index.ts';
import type { LoadedConfig } from './config/load.ts';
import { recordRun } from './job-runs.ts';
import type { Logger } from './log.ts';

/**
 * Runs an ingest as a recorded job `ingest_<source>`. `source` is a source configured in
 * jobs.config.ts or, for ad-hoc loads, a connector name.
 */
export async function runIngest(
  wh: Warehouse,
  loaded: LoadedConfig,
  log: Logger,
  source: string,
  paths: readonly string[],
): Promise<IngestReport & { runId: string }> {
  const configured = loaded.config.sources[source];
  const connector = getConnector(configured?.connector ?? source);
  const progress = log.progress(`ingest ${source}`, 0);
  const outcome = await recordRun(wh, `ingest_${source}`, null, async (runId) => {
    const report = await ingest(wh, connector, paths.length ? paths : (configured?.paths ?? []), {
      source,
      timezone: configured?.timezone ?? loaded.config.warehouse.timezone,
      currency: configured?.currency ?? 'CNY',
      runId,
      onRecords: (n) => progress.tick(n),
      onFile: (f) =>
        log.debug(`ingested ${f.path}`, {
          status: f.status,
          read: f.read,
          loaded: f.loaded,
          quarantined: f.quarantined,
        }),
    });
    const failed = report.files.filter((f) => f.status === 'failed');
    return {
      ...report,
      rowsRead: report.totals.read,
      rowsWritten: report.totals.loaded,
      details: { totals: report.totals, ignored: report.ignored.length },
      ...(failed.length ? { error: failed.map((f) => f.error).join('; ') } : {}),
    };
  });
  progress.end();
  return outcome;
}
