import { sql, type Queryable, type Warehouse } from '../warehouse/index.ts';
import type { Destination } from './config.ts';
import { DestinationUnavailableError, SegmentNotReadyError, SegmentRemovedError } from './errors.ts';
import { fileSink } from './file-sink.ts';
import { writePlan } from './plan.ts';
import type { OutRecord, Sink } from './sink.ts';
import { loadSuppressionKeys } from './suppression.ts';
import { webhookSink, type Fetch } from './webhook-sink.ts';

/** When the sync runs and, for webhooks, which fetch to call (Node's global by default). */
export interface SyncOptions {
  /** The segments run the sync exports; the segment must be materialised for it (or later). */
  readonly asOf: string;
  /** The wall clock: consent is read as of it, caps count back from it, the log is stamped with it. */
  readonly now: Date;
  readonly fetch?: Fetch;
}

/** What one sync did, in people. */
export interface SyncReport {
  readonly destination: string;
  readonly segment: string;
  /** The new sync, or null when nothing needed recording. */
  readonly syncId: string | null;
  /** Earlier syncs a crash left pending, finished first with their original batches and keys. */
  readonly resumed: readonly string[];
  readonly adds: number;
  readonly removes: number;
  readonly rejected: number;
  readonly heldOut: number;
  readonly suppressed: number;
  readonly noConsent: number;
  readonly capped: number;
  /** Files written (file destinations). */
  readonly files: readonly string[];
}

/**
 * Syncs one destination: finishes any sync a crash left pending, then sends the difference between
 * the segment's eligible members and what the destination already holds (everyone on the first
 * sync, adds and removes after). Every decision is written to ops.export_log as 'pending' before
 * anything goes out and settled after each batch, so a rerun sends nothing twice.
 */
export async function syncDestination(
  wh: Warehouse,
  name: string,
  dest: Destination,
  opts: SyncOptions,
): Promise<SyncReport> {
  const sink = dest.type === 'file' ? fileSink(name, dest) : webhookSink(name, dest, opts.fetch);
  const resumed: string[] = [];
  const { rows: pending } = await wh.query<{ sync_id: string }>(sql`
    SELECT DISTINCT sync_id FROM ops.export_log
    WHERE destination = ${name} AND status = 'pending' ORDER BY sync_id`);
  let rejected = 0;
  for (const { sync_id } of pending) {
    rejected += await deliver(wh, name, dest, sink, sync_id, opts.now);
    resumed.push(sync_id);
  }

  const { rows: seg } = await wh.query<{ as_of: string; removed: boolean }>(
    sql`SELECT as_of, removed_at IS NOT NULL AS removed FROM marts.segments WHERE segment = ${dest.segment}`,
  );
  const segmentAsOf = seg[0]?.as_of ?? null;
  if (seg[0]?.removed) throw new SegmentRemovedError(name, dest.segment, seg[0].as_of);
  if (segmentAsOf === null || segmentAsOf < opts.asOf) {
    throw new SegmentNotReadyError(name, dest.segment, opts.asOf, segmentAsOf);
  }

  for (const table of PLAN_INPUTS) {
    const statement = wh.dialect.analyze(table);
    if (statement) await wh.exec(statement);
  }
  const { syncId, plan } = await wh.transaction(async (tx) => {
    await roomToPlan(wh, tx);
    const suppression = await loadSuppressionKeys(tx, name, dest.suppressionLists);
    const syncId = await nextSyncId(tx, name, opts.asOf);
    const plan = await writePlan(tx, wh.dialect, { name, dest, syncId, now: opts.now, suppression });
    // A sync that decided nothing leaves no trace, so its number is used by the next one.
    return { syncId: plan.rows === 0 ? null : syncId, plan };
  });
  if (syncId !== null) rejected += await deliver(wh, name, dest, sink, syncId, opts.now);

  return {
    destination: name,
    segment: dest.segment,
    syncId,
    resumed,
    adds: plan.adds,
    removes: plan.removes,
    rejected,
    heldOut: plan.heldOut,
    suppressed: plan.suppressed,
    noConsent: plan.noConsent,
    capped: plan.capped,
    files: sink.written ?? [],
  };
}

// What the plan reads. Postgres plans by statistics, and the segments job has just rewritten the
// members (and the last sync added to the log): without them a 1M-person plan took twice as long.
// ANALYZE samples, so it costs a fraction of a second; DuckDB keeps its own statistics.
const PLAN_INPUTS = [
  'marts.segment_members',
  'ops.export_log',
  'core.consents',
  'core.customers',
  'core.source_records',
];

/**
 * The plan joins a few million rows. Postgres, with its default 4 MB of work_mem, merge-joins them
 * through sorts on disk, and JIT-compiles the query for seconds: a 1M-person plan took 22 s, and
 * 13 s with room to hash and no JIT. For this transaction only.
 */
async function roomToPlan(wh: Warehouse, tx: Queryable): Promise<void> {
  if (wh.engine === 'postgres') await tx.exec("SET LOCAL work_mem = '256MB'; SET LOCAL jit = off");
}

async function nextSyncId(tx: Queryable, name: string, asOf: string): Promise<string> {
  const { rows } = await tx.query<{ n: number }>(
    sql`SELECT count(DISTINCT sync_id) AS n FROM ops.export_log WHERE destination = ${name}`,
  );
  return `${asOf.replaceAll('-', '')}-${String(Number(rows[0]?.n ?? 0) + 1).padStart(4, '0')}`;
}

/** Sends a sync's pending batches in order and settles each; returns how many people were rejected. */
async function deliver(
  wh: Warehouse,
  name: string,
  dest: Destination,
  sink: Sink,
  syncId: string,
  now: Date,
): Promise<number> {
  // Only the configured fields: converting unused columns of a million rows cost seconds.
  const columns = dest.fields.filter((f) => f !== 'customer_id').map((f) => `, c.${f}`);
  const { rows } = await wh.transaction(async (tx) => {
    await roomToPlan(wh, tx);
    return tx.query<Record<string, string | number | null>>(sql`
    SELECT l.batch, l.action, l.customer_id${sql.__dangerous__rawValue(columns.join(''))}
    FROM ops.export_log l LEFT JOIN core.customers c ON c.customer_id = l.customer_id
    WHERE l.destination = ${name} AND l.sync_id = ${syncId} AND l.status = 'pending'
    ORDER BY l.batch, CASE WHEN l.action = 'remove' THEN 0 ELSE 1 END, ${sql.__dangerous__rawValue(wh.dialect.byCodePoint('l.customer_id'))}`);
  });
  // Each batch is settled within its customer ID ranges (one for its removes, one for its adds), so
  // Postgres finds its rows by the key index instead of reading the whole sync per batch: a
  // 1M-person webhook sync spent 500 s there. Ranges are the engine's own min and max.
  const { rows: ranges } = await wh.query<{ batch: number; lo: string; hi: string }>(sql`
    SELECT batch, min(customer_id) AS lo, max(customer_id) AS hi FROM ops.export_log
    WHERE destination = ${name} AND sync_id = ${syncId} AND status = 'pending' GROUP BY batch, action`);
  const within = (batch: number) =>
    sql.join(
      ranges
        .filter((r) => Number(r.batch) === batch)
        .map((r) => sql`(customer_id >= ${r.lo} AND customer_id <= ${r.hi})`),
      sql` OR `,
    );
  const batches = new Map<number, OutRecord[]>();
  for (const r of rows) {
    const fields = Object.fromEntries(dest.fields.map((f) => [f, r[f] === null ? null : String(r[f])]));
    const batch = Number(r.batch);
    // Appended in place: copying the batch per record made a 200k-person file sync quadratic (273 s).
    const list = batches.get(batch) ?? [];
    if (list.length === 0) batches.set(batch, list);
    list.push({ action: r.action as OutRecord['action'], fields });
  }
  let rejectedCount = 0;
  for (const [batch, records] of batches) {
    let rejected: Map<string, string>;
    try {
      rejected = await sink.send(syncId, batch, records);
    } catch (err) {
      if (err instanceof DestinationUnavailableError) {
        // Failed rows are not the destination's state: the next sync plans these people again.
        await wh.query(sql`
          UPDATE ops.export_log SET status = 'failed', detail = ${err.message}, logged_at = ${now}
          WHERE destination = ${name} AND sync_id = ${syncId} AND status = 'pending'`);
      }
      throw err;
    }
    rejectedCount += rejected.size;
    await wh.transaction(async (tx) => {
      for (const [customerId, why] of rejected) {
        await tx.query(sql`
          UPDATE ops.export_log SET status = 'rejected', detail = ${why}, logged_at = ${now}
          WHERE destination = ${name} AND sync_id = ${syncId} AND customer_id = ${customerId}`);
      }
      await tx.query(sql`
        UPDATE ops.export_log SET status = 'sent', logged_at = ${now}
        WHERE destination = ${name} AND sync_id = ${syncId} AND (${within(batch)})
          AND batch = ${batch} AND status = 'pending'`);
    });
  }
  return rejectedCount;
}
