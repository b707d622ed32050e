import { sql, type Warehouse } from '../../warehouse/index.ts';
import type { FileKind, MapContext, SourceRecord } from '../connector.ts';
import { UnreadableFileError } from '../errors.ts';
import { decodeFile, detectEncoding, type Decoding } from '../files/decode.ts';
import type { FoundFile } from '../files/discover.ts';
import { readCsv } from '../files/read-csv.ts';
import { readNdjson } from '../files/read-ndjson.ts';
import { readParquet } from '../files/read-parquet.ts';
import { plainCsv } from '../files/csv-preflight.ts';
import { BatchWriter } from './batch-writer.ts';
import {
  discardPrepared,
  loadPrepared,
  loadPushedDown,
  planPushdown,
  preparePushdown,
  pushdownGroupKey,
  worthPushingDown,
  mayPushDown,
  type PreparedPushdown,
  type PushdownFile,
  type PushdownMode,
  type PushdownPlan,
} from './pushdown.ts';
import { emptyReport, type FileReport } from './file-report.ts';

/** A file ready to load: found, classified, fingerprinted. */
export interface PendingFile {
  readonly file: FoundFile;
  readonly kind: FileKind;
  readonly checksum: string;
  readonly bytes: number;
}

/** Settings of the source being ingested. */
export interface BatchOptions extends Omit<MapContext, 'file'> {
  readonly runId: string | null;
  readonly onRecords?: (n: number) => void;
  /** Where plain CSV files are mapped (IngestOptions.pushdown; default 'auto'). */
  readonly pushdown?: PushdownMode;
}

/**
 * Loads a batch of files in one transaction. If any file is unreadable the batch rolls back and
 * each file is retried alone, so good files load and the bad one is reported as failed with
 * nothing of it written.
 */
export async function ingestBatch(
  wh: Warehouse,
  files: readonly PendingFile[],
  opts: BatchOptions,
): Promise<FileReport[]> {
  try {
    return await loadInOneTransaction(wh, files, opts);
  } catch (err) {
    if (!(err instanceof UnreadableFileError)) throw err;
    if (files.length === 1) return [emptyReport(base(files[0]!), 'failed', err.message)];
    const reports: FileReport[] = [];
    for (const f of files) reports.push(...(await ingestBatch(wh, [f], opts)));
    return reports;
  }
}

const base = (p: PendingFile) => ({ path: p.file.path, kind: p.kind.kind, checksum: p.checksum });

/** A file of the batch, read for what its load needs before the transaction. */
interface BatchFile {
  readonly pending: PendingFile;
  /** Its place in the batch: BatchWriter.beginFile's number. */
  readonly fileNo: number;
  readonly decoding: Decoding | null;
  readonly encoding: string;
  readonly ctx: MapContext;
  plan: PushdownPlan | null;
  prepared?: PreparedPushdown;
}

async function loadInOneTransaction(
  wh: Warehouse,
  files: readonly PendingFile[],
  opts: BatchOptions,
): Promise<FileReport[]> {
  const now = new Date();
  const batch: BatchFile[] = [];
  for (const p of files) {
    // Parquet is binary, with its own encoding: DuckDB reads it, not the text decoders.
    const decoding =
      p.kind.format === 'parquet' ? null : await detectEncoding(p.file.path, p.kind.encodings ?? ['utf-8']);
    const plan =
      decoding && mayPushDown(p.kind, opts.pushdown ?? 'auto', wh.dialect)
        ? planPushdown(p.kind, await plainCsv(p.file.path, decoding))
        : null;
    batch.push({
      pending: p,
      fileNo: batch.length,
      decoding,
      encoding: decoding
        ? `${decoding.encoding}${decoding.bom ? ' BOM' : ''}${decoding.gzip ? ' gzip' : ''}`
        : 'parquet',
      ctx: {
        source: opts.source,
        timezone: opts.timezone,
        currency: opts.currency,
        file: p.file.relativePath,
      },
      plan,
    });
  }
  const pushdownFile = (f: BatchFile): PushdownFile => ({
    dialect: wh.dialect,
    fileNo: f.fileNo,
    checksum: f.pending.checksum,
    source: opts.source,
    now,
    ctx: f.ctx,
  });
  try {
    // DuckDB (one connection, so its temporary tables outlive statements) maps pushed-down files
    // before the transaction: see preparePushdown. Postgres's pool could run them on another
    // connection than the transaction's, so there they are mapped inside it.
    if (wh.engine === 'duckdb') {
      // Files of one kind and header are mapped together, by one set of statements, if worth it.
      const groups = new Map<string, BatchFile[]>();
      for (const f of batch) {
        if (!f.plan) continue;
        const key = pushdownGroupKey(f.plan);
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key)!.push(f);
      }
      for (const group of groups.values()) {
        if (
          !worthPushingDown(
            group.map((f) => f.pending.bytes),
            opts.pushdown ?? 'auto',
          )
        ) {
          for (const f of group) f.plan = null;
          continue;
        }
        const prepared = await preparePushdown(
          (fn) => fn(wh),
          group.map((f) => ({ plan: f.plan!, file: pushdownFile(f) })),
        );
        for (const f of group) f.prepared = prepared;
      }
    }
    return await wh.transaction(async (tx) => {
      // The merge groups and joins a batch's staged rows (a million for one big file): with its
      // default 4 MB of work_mem Postgres spills those hashes and sorts to disk.
      if (wh.engine === 'postgres') await tx.exec("SET LOCAL work_mem = '256MB'; SET LOCAL jit = off");
      const writer = new BatchWriter(tx, {
        source: opts.source,
        runId: opts.runId,
        now,
        dialect: wh.dialect,
      });
      try {
        for (const f of batch) {
          const p = f.pending;
          if (writer.beginFile(p.checksum, p.file.path, p.kind) !== f.fileNo) {
            throw new Error('ingestBatch: files begun out of order');
          }
          if (f.plan) {
            if (f.prepared) await loadPrepared(writer, f.prepared, f.fileNo);
            else await loadPushedDown(writer, f.plan, pushdownFile(f));
            opts.onRecords?.(f.plan.plain.records);
            continue;
          }
          const records = !f.decoding
            ? readParquet(p.file.path)
            : p.kind.format === 'csv'
              ? readCsv(decodeFile(p.file.path, f.decoding), p.file.path, p.kind.csv)
              : readNdjson(
                  decodeFile(p.file.path, f.decoding),
                  f.decoding.encoding === 'utf-8' && !f.decoding.gzip,
                );
          await writeRecords(writer, records, p.kind, f.ctx, opts.onRecords);
        }
      } catch (err) {
        // Let writes in flight finish before the rollback uses the connection.
        await writer.drain();
        throw err;
      }
      const counts = await writer.finish();
      // Recorded in the same transaction as the data: a file is either loaded and known, or neither.
      await tx.load(
        'ops.ingested_files',
        [
          { name: 'source', type: 'text' },
          { name: 'checksum', type: 'text' },
          { name: 'path', type: 'text' },
          { name: 'bytes', type: 'bigint' },
          { name: 'records_read', type: 'bigint' },
          { name: 'records_loaded', type: 'bigint' },
          { name: 'records_quarantined', type: 'bigint' },
          { name: 'duplicates_skipped', type: 'bigint' },
          { name: 'status', type: 'text' },
          { name: 'run_id', type: 'text' },
          { name: 'ingested_at', type: 'timestamptz' },
        ],
        [
          files.map((p, i) => [
            opts.source,
            p.checksum,
            p.file.path,
            p.bytes,
            counts[i]!.read,
            counts[i]!.loaded,
            counts[i]!.quarantined,
            counts[i]!.duplicates,
            'loaded',
            opts.runId,
            now,
          ]),
        ],
      );
      return batch.map((f, i) => ({
        ...base(f.pending),
        status: 'loaded' as const,
        encoding: f.encoding,
        ...counts[i]!,
      }));
    });
  } finally {
    // Committed, the merge dropped them; rolled back, they are still there.
    for (const prepared of new Set(batch.flatMap((f) => (f.prepared ? [f.prepared] : []))))
      await discardPrepared(wh, prepared);
  }
}

async function writeRecords(
  writer: BatchWriter,
  batches: AsyncIterable<SourceRecord[]>,
  kind: FileKind,
  ctx: MapContext,
  onRecords: ((n: number) => void) | undefined,
): Promise<void> {
  let group: SourceRecord[] = [];
  let groupKey: string | undefined;
  for await (const records of batches) {
    for (const record of records) {
      writer.raw(record);
      if (record.parseError) {
        writer.reject(
          {
            recordNo: record.recordNo,
            reason: 'parse_error',
            message: `line ${record.line}: ${record.parseError}`,
          },
          record,
        );
        continue;
      }
      const key = kind.groupKey?.(record);
      if (key === undefined || key !== groupKey) {
        if (group.length) writer.mapGroup(group, ctx);
        group = [];
      }
      groupKey = key;
      group.push(record);
    }
    onRecords?.(records.length);
    await writer.flushFull();
  }
  if (group.length) writer.mapGroup(group, ctx);
}

/** Checksums of files of this source already loaded, to skip them. */
export async function loadedChecksums(wh: Warehouse, source: string): Promise<Set<string>> {
  const { rows } = await wh.query<{ checksum: string }>(
    sql`SELECT checksum FROM ops.ingested_files WHERE source = ${source} AND status = 'loaded'`,
  );
  return new Set(rows.map((r) => r.checksum));
}
