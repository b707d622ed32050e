import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  explain,
  parseSegments,
  preview,
  writeSegments,
  type Explanation,
  type SegmentRunReport,
  type Segments,
} from '../segments/index.ts';
import type { Queryable, Warehouse } from '../warehouse/index.ts';
import { ConfigError } from './config/errors.ts';
import type { LoadedConfig } from './config/load.ts';
import { recordRun } from './job-runs.ts';
import type { Logger } from './log.ts';
import { todayIn } from './models-job.ts';

/**
 * The project's segments: those in jobs.config.ts plus those in `segmentFiles`. Each file is
 * checked with everything defined before it in view (its errors name the file; it may refer to
 * segments of jobs.config.ts and of earlier files), then all of them together. A name defined
 * twice is an error naming both places.
 */
export function projectSegments(loaded: LoadedConfig): Segments {
  let merged: Record<string, unknown> = { ...loaded.config.segments };
  const config = loaded.file ?? 'jobs.config.ts';
  const from = new Map(Object.keys(merged).map((k) => [k, config]));
  for (const file of loaded.config.segmentFiles) {
    const path = resolve(loaded.baseDir, file);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new ConfigError(
        path,
        `segment file ${path} (segmentFiles in ${config}): ${(e as Error).message}`,
      );
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new ConfigError(path, `segment file ${path}: expected an object of segment name -> definition`);
    }
    for (const name of Object.keys(json)) {
      if (from.has(name)) {
        throw new ConfigError(
          path,
          `segment "${name}" is defined in ${from.get(name)} and again in ${path}; rename one`,
        );
      }
      from.set(name, path);
    }
    merged = parseSegments({ ...merged, ...json }, path);
  }
  return parseSegments(merged, 'segments');
}

/**
 * Segment conditions compile to `customer_id [NOT] IN (subquery)`. Postgres hashes such a subquery
 * only if it fits in work_mem (4 MB by default); otherwise NOT IN rescans it per customer, and 50
 * segments over 100k customers took 148 s. This transaction gets room for a million IDs.
 */
async function roomForSubqueries(wh: Warehouse, tx: Queryable): Promise<void> {
  if (wh.engine === 'postgres') await tx.exec("SET LOCAL work_mem = '256MB'");
}

// What segment conditions read. Postgres plans by table statistics; tables the jobs just rewrote
// have none yet, and a plan for a one-row tag table joined to a 100k-row aggregate ran 14 s
// instead of 0.2 s. So they are analysed first (a sample; DuckDB keeps its own statistics).
const SEGMENT_INPUTS = [
  'core.customers',
  'core.orders',
  'core.consents',
  'core.events',
  'core.source_records',
  'marts.customer_tags',
  'marts.rfm_scores',
  'marts.clv',
  'marts.health_scores',
];

/** Refreshes the planner statistics of the tables segments read (Postgres; nothing on DuckDB). */
export async function analyzeSegmentInputs(wh: Warehouse): Promise<void> {
  for (const table of SEGMENT_INPUTS) {
    const statement = wh.dialect.analyze(table);
    if (statement) await wh.exec(statement);
  }
}

/** Materialises every segment for as_of as the recorded job `segments`. */
export async function runSegmentsJob(
  wh: Warehouse,
  loaded: LoadedConfig,
  log: Logger,
  opts: { asOf?: string; now?: Date } = {},
): Promise<{ asOf: string; segments: SegmentRunReport[]; runId: string }> {
  const asOf = opts.asOf ?? todayIn(loaded.config.warehouse.timezone);
  const segments = projectSegments(loaded);
  return recordRun(wh, 'segments', asOf, async () => {
    await analyzeSegmentInputs(wh);
    const reports = await wh.transaction((tx) =>
      writeSegments(tx, segments, { asOf, now: opts.now ?? new Date() }),
    );
    for (const r of reports)
      log.info(
        r.removed
          ? `segments: ${r.segment}: no longer defined; removed (${r.exited} members exited)`
          : `segments: ${r.segment}: ${r.members} members (+${r.entered} -${r.exited})`,
      );
    return {
      asOf,
      segments: reports,
      rowsWritten: reports.reduce((a, r) => a + r.members, 0),
      details: { segments: reports },
    };
  });
}

/** Count and a sample of a segment's members at as_of, without writing. */
export async function previewSegment(
  wh: Warehouse,
  loaded: LoadedConfig,
  name: string,
  opts: { asOf?: string; sample?: number } = {},
): Promise<{ asOf: string; count: number; sample: string[] }> {
  const asOf = opts.asOf ?? todayIn(loaded.config.warehouse.timezone);
  await analyzeSegmentInputs(wh);
  const r = await wh.transaction(async (tx) => {
    await roomForSubqueries(wh, tx);
    return preview(tx, projectSegments(loaded), name, { asOf, now: new Date() }, opts.sample ?? 10);
  });
  return { asOf, ...r };
}

/** Why a customer is or is not in a segment at as_of: each condition and its result. */
export async function explainSegment(
  wh: Warehouse,
  loaded: LoadedConfig,
  name: string,
  customerId: string,
  opts: { asOf?: string } = {},
): Promise<{ asOf: string; explanation: Explanation }> {
  const asOf = opts.asOf ?? todayIn(loaded.config.warehouse.timezone);
  return {
    asOf,
    explanation: await explain(wh, projectSegments(loaded), name, customerId, { asOf, now: new Date() }),
  };
}
