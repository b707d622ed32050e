import { sql, type Queryable, type Warehouse } from '../warehouse/index.ts';
import { FIELDS, type Destination } from './config.ts';
import { DestinationUnavailableError, SegmentNotReadyError, SegmentRemovedError } from './errors.ts';
import { fileSink } from './file-sink.ts';
import { candidates, decide, type Decision } from './plan.ts';
import type { OutRecord, Sink } from './sink.ts';
import { loadSuppressions } from './suppression.ts';
import { webhookSink, type Fetch } from './webhook-sink.ts';
import { EXPORT_LOG_COLUMNS } from './export-log.ts';

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

const LOG_COLUMNS = EXPORT_LOG_COLUMNS;

const customerColumns = sql.__dangerous__rawValue(
  FIELDS.filter((f) => f !== 'customer_id')
    .map((f) => `c.${f}`)
    .join(', '),
);

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

  const { syncId, decisions } = await wh.transaction(async (tx) => {
    const suppressed = await loadSuppressions(tx, name, dest.suppressionLists);
    const decisions = decide(await candidates(tx, name, dest, opts.now), dest, suppressed);
    if (decisions.length === 0) return { syncId: null, decisions };
    const syncId = await nextSyncId(tx, name, opts.asOf);
    await tx.load('ops.export_log', LOG_COLUMNS, [logRows(name, dest, syncId, decisions, opts.now)]);
    return { syncId, decisions };
  });
  if (syncId !== null) rejected += await deliver(wh, name, dest, sink, syncId, opts.now);

  const count = (action: Decision['action'], status: Decision['status']) =>
    decisions.filter((d) => d.action === action && d.status === status).length;
  return {
    destination: name,
    segment: dest.segment,
    syncId,
    resumed,
    adds: count('add', 'pending'),
    removes: count('remove', 'pending'),
    rejected,
    heldOut: count('add', 'held_out'),
    suppressed: count('add', 'suppressed'),
    noConsent: count('add', 'no_consent'),
    capped: count('add', 'capped'),
    files: sink.written ?? [],
  };
}

async function nextSyncId(tx: Queryable, name: string, asOf: string): Promise<string> {
  const { rows } = await tx.query<{ n: number }>(
    sql`SELECT count(DISTINCT sync_id) AS n FROM ops.export_log WHERE destination = ${name}`,
  );
  return `${asOf.replaceAll('-', '')}-${String(Number(rows[0]?.n ?? 0) + 1).padStart(4, '0')}`;
}

// Removes first, then adds, each by customer: the batches of a sync are fixed when it is planned.
function logRows(name: string, dest: Destination, syncId: string, decisions: readonly Decision[], now: Date) {
  const out = decisions
    .filter((d) => d.status === 'pending')
    .sort((a, b) =>
      a.action !== b.action ? (a.action === 'remove' ? -1 : 1) : a.customerId < b.customerId ? -1 : 1,
    );
  const size = dest.type === 'webhook' ? dest.batchSize : Number.MAX_SAFE_INTEGER;
  const batchOf = new Map(out.map((d, i) => [d.customerId, Math.floor(i / size) + 1]));
  return decisions.map((d) => [
    name,
    dest.segment,
    syncId,
    batchOf.get(d.customerId) ?? null,
    d.customerId,
    d.action,
    dest.channel,
    dest.purpose,
    dest.holdout?.campaign ?? null,
    d.status,
    d.detail,
    now,
  ]);
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
  const { rows } = await wh.query<Record<string, string | number | null>>(sql`
    SELECT l.batch, l.action, l.customer_id, ${customerColumns}
    FROM ops.export_log l LEFT JOIN core.customers c ON c.customer_id = l.customer_id
    WHERE l.destination = ${name} AND l.sync_id = ${syncId} AND l.status = 'pending'
    ORDER BY l.batch, CASE WHEN l.action = 'remove' THEN 0 ELSE 1 END, l.customer_id`);
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
        WHERE destination = ${name} AND sync_id = ${syncId} AND batch = ${batch} AND status = 'pending'`);
    });
  }
  return rejectedCount;
}
