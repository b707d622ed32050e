import { resolve } from 'node:path';
import {
  fileConnector,
  getConnector,
  ingest,
  IngestInputError,
  loadMapping,
  MappingError,
  type Connector,
  type IngestReport,
} from '../connectors/index.ts';
import type { Warehouse } from '../warehouse/index.ts';
import { ConfigError } from './config/errors.ts';
import type { LoadedConfig } from './config/load.ts';
import { recordRun } from './job-runs.ts';
import type { Logger } from './log.ts';

/** Options of an ingest through the generic file connector. */
export interface IngestFileOptions {
  /** Mapping file (relative to the working directory); default: the configured source's mapping. */
  readonly mapping?: string;
  /** Source name of an ad-hoc `cdp ingest file`; default: the mapping's `source`. */
  readonly source?: string;
}

/**
 * Runs an ingest as a recorded job `ingest_<source>`. `source` is a source configured in
 * jobs.config.ts or, for ad-hoc loads, a connector name; `file` (or a source with connector
 * 'file') reads its files through a mapping. Configured paths and mappings are relative to the
 * config file, paths given here to the working directory.
 */
export async function runIngest(
  wh: Warehouse,
  loaded: LoadedConfig,
  log: Logger,
  source: string,
  paths: readonly string[],
  opts: IngestFileOptions = {},
): Promise<IngestReport & { runId: string }> {
  const configured = loaded.config.sources[source];
  const { connector, name } = await resolveConnector(loaded, source, opts);
  const progress = log.progress(`ingest ${name}`, 0);
  const targets = paths.length ? paths : (configured?.paths ?? []).map((p) => resolve(loaded.baseDir, p));
  const outcome = await recordRun(wh, `ingest_${name}`, null, async (runId) => {
    const report = await ingest(wh, connector, targets, {
      source: name,
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

/** The connector of a source and the source name rows are written under. */
async function resolveConnector(
  loaded: LoadedConfig,
  source: string,
  opts: IngestFileOptions,
): Promise<{ connector: Connector; name: string }> {
  const configured = loaded.config.sources[source];
  if (configured && opts.source !== undefined) {
    throw new IngestInputError(
      `--source names the source of an ad-hoc "cdp ingest file"; ${source} is configured in ${loaded.file ?? 'jobs.config.ts'} and is named by its key`,
    );
  }
  if ((configured?.connector ?? source) !== 'file') {
    if (opts.mapping !== undefined) {
      throw new IngestInputError(
        `--mapping is read by the file connector only: cdp ingest file <paths...> --mapping ${opts.mapping}`,
      );
    }
    return { connector: getConnector(configured?.connector ?? source), name: source };
  }
  const path =
    opts.mapping !== undefined
      ? resolve(opts.mapping)
      : configured?.mapping !== undefined
        ? resolve(loaded.baseDir, configured.mapping)
        : undefined;
  if (path === undefined) {
    throw new IngestInputError(
      'the file connector needs a mapping: cdp ingest file <paths...> --mapping <mapping.json> (see docs/mapping.md)',
    );
  }
  let mapping;
  try {
    mapping = await loadMapping(path);
  } catch (err) {
    // A mapping is configuration: it fails like jobs.config.ts does, naming the file and the key.
    if (err instanceof MappingError) throw new ConfigError(err.file, err.message, { cause: err });
    throw err;
  }
  const name = configured ? source : (opts.source ?? mapping.source);
  if (!/^[a-z][a-z0-9_]*$/.test(name)) {
    throw new IngestInputError(
      `--source ${JSON.stringify(name)}: expected a lower-case name of letters, digits and _ starting with a letter`,
    );
  }
  return { connector: fileConnector(mapping), name };
}
