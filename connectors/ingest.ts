import { stat } from 'node:fs/promises';
import type { Warehouse } from '../warehouse/index.ts';
import type { Connector } from './connector.ts';
import { IngestInputError } from './errors.ts';
import { fileChecksum } from './files/checksum.ts';
import { discoverFiles } from './files/discover.ts';
import { ingestBatch, loadedChecksums, type PendingFile } from './load/ingest-batch.ts';
import { mayPushDown, type PushdownMode } from './load/pushdown.ts';
import { emptyReport, type FileReport } from './load/file-report.ts';

/** Options of one ingest run. */
export interface IngestOptions {
  /** Source name written to every row (defaults to the connector's name). */
  readonly source?: string;
  readonly timezone: string;
  readonly currency?: string;
  readonly runId?: string | null;
  /** Called with the number of records read since the last call, for progress bars. */
  readonly onRecords?: (n: number) => void;
  /** Called after each file. */
  readonly onFile?: (report: FileReport) => void;
  /**
   * Where plain CSV files of kinds that have SQL mappings are mapped: 'auto' (the default) lets
   * DuckDB map files big enough to repay its fixed cost, 'always' the engine (DuckDB or Postgres)
   * every such file, 'never' none.
   */
  readonly pushdown?: PushdownMode;
}

/** What an ingest run did, file by file. */
export interface IngestReport {
  readonly files: FileReport[];
  /** Files found but not recognised by the connector. */
  readonly ignored: string[];
  readonly totals: {
    read: number;
    loaded: number;
    quarantined: number;
    duplicates: number;
    skippedFiles: number;
    failedFiles: number;
  };
}

// Small files share a transaction (one merge for many daily exports); a batch closes at this size
// of files mapped record by record (whose staged rows, a hundred 4 MB tracking exports, ran DuckDB
// out of its 1 GB at 64 MiB), or at the larger size of files the engine may map (pushdown.ts),
// which one set of statements maps together: a single 95 MB POS export loads in 1 GB, and three
// batches of a store chain's 200 daily files took 21 s against 13 s in one (checkpoint on each
// commit, statements per batch).
const BATCH_BYTES = 32 * 1024 * 1024;
const PUSHDOWN_BATCH_BYTES = 96 * 1024 * 1024;
const BATCH_FILES = 500;

/**
 * Ingests files, directories or globs through a connector. Files already loaded (same checksum)
 * are skipped; the rest load in batches, each one transaction; an unreadable file loads nothing
 * and is reported as failed while the others load.
 */
export async function ingest(
  wh: Warehouse,
  connector: Connector,
  paths: readonly string[],
  opts: IngestOptions,
): Promise<IngestReport> {
  const source = opts.source ?? connector.name;
  const found = await discoverFiles(paths);
  const classified = found.map((f) => ({ file: f, kind: connector.classify(f.relativePath) }));
  if (found.length && classified.every((c) => !c.kind)) {
    throw new IngestInputError(
      `none of the ${found.length} files under ${paths.join(', ')} looks like a ${connector.name} export (${connector.description}); check the path or the connector`,
    );
  }
  const done = await loadedChecksums(wh, source);
  const files: FileReport[] = [];
  const ignored: string[] = [];
  const report = (r: FileReport): void => {
    files.push(r);
    opts.onFile?.(r);
  };
  let batch: PendingFile[] = [];
  let batchBytes = 0;
  let nodeBytes = 0;
  const flush = async (): Promise<void> => {
    if (!batch.length) return;
    const reports = await ingestBatch(wh, batch, {
      source,
      timezone: opts.timezone,
      currency: opts.currency ?? 'CNY',
      runId: opts.runId ?? null,
      ...(opts.onRecords ? { onRecords: opts.onRecords } : {}),
      ...(opts.pushdown ? { pushdown: opts.pushdown } : {}),
    });
    reports.forEach(report);
    batch = [];
    batchBytes = 0;
    nodeBytes = 0;
  };
  for (const { file, kind } of classified) {
    if (!kind) {
      ignored.push(file.relativePath);
      continue;
    }
    const bytes = (await stat(file.path)).size;
    const checksum = await fileChecksum(file.path, bytes);
    if (done.has(checksum)) {
      report(emptyReport({ path: file.path, kind: kind.kind, checksum }, 'skipped'));
      continue;
    }
    done.add(checksum);
    batch.push({ file, kind, checksum, bytes });
    batchBytes += bytes;
    if (!mayPushDown(kind, opts.pushdown ?? 'auto', wh.dialect)) nodeBytes += bytes;
    if (nodeBytes >= BATCH_BYTES || batchBytes >= PUSHDOWN_BATCH_BYTES || batch.length >= BATCH_FILES)
      await flush();
  }
  await flush();
  const sum = (k: 'read' | 'loaded' | 'quarantined' | 'duplicates'): number =>
    files.reduce((s, f) => s + f[k], 0);
  return {
    files,
    ignored,
    totals: {
      read: sum('read'),
      loaded: sum('loaded'),
      quarantined: sum('quarantined'),
      duplicates: sum('duplicates'),
      skippedFiles: files.filter((f) => f.status === 'skipped').length,
      failedFiles: files.filter((f) => f.status === 'failed').length,
    },
  };
}
