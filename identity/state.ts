import { sql, type Dialect, type Queryable } from '../warehouse/index.ts';
import type { CustomerIdState } from './assign-ids.ts';
import { parseModel, type StoredModel } from './fellegi-sunter/index.ts';
import { inChunks, readPackedRows } from './packed-rows.ts';
import { recordKey } from './records.ts';

/** What the previous runs left: placements, IDs and people's decisions. */
export interface PreviousState {
  /** record key -> customer ID */
  readonly customerOf: Map<string, string>;
  /** record key -> record_id */
  readonly recordIds: Map<string, number>;
  readonly fingerprints: Map<string, string>;
  /** record key -> how it was placed (match rule and confidence), to write only changed rows. */
  readonly placements: Map<string, string>;
  readonly ids: Map<string, CustomerIdState>;
  /** When each ID's state last changed. */
  readonly updatedAt: Map<string, Date>;
  readonly constraints: { a: string; b: string; kind: 'must_link' | 'cannot_link' }[];
  readonly maxRecordId: number;
  /** Record keys whose row has no snapshot (written before migration 15): rewritten by the next run. */
  readonly withoutSnapshot: ReadonlySet<string>;
}

export async function readPreviousState(db: Queryable, dialect: Dialect): Promise<PreviousState> {
  // One text per record (as in records.ts): the driver's per-value conversion is the cost.
  const recs = await readPackedRows(
    db,
    sql`
    SELECT source || chr(31) || source_key || chr(31) || CAST(record_id AS VARCHAR) || chr(31)
           || customer_id || chr(31) || fingerprint || chr(31) || match_rule || chr(31)
           || CAST(match_confidence AS VARCHAR) || chr(31)
           || CASE WHEN snapshot IS NULL THEN '0' ELSE '1' END AS r
    FROM identity.records`,
  );
  const customerOf = new Map<string, string>();
  const recordIds = new Map<string, number>();
  const fingerprints = new Map<string, string>();
  const placements = new Map<string, string>();
  const withoutSnapshot = new Set<string>();
  let maxRecordId = 0;
  for (const r of recs) {
    const [source, sourceKey, id, customer, fp, rule, confidence, snapshot] = r.split('\u001f') as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const key = recordKey(source, sourceKey);
    const recordId = Number(id);
    customerOf.set(key, customer);
    recordIds.set(key, recordId);
    fingerprints.set(key, fp);
    placements.set(key, placementSignature(rule, Number(confidence)));
    if (snapshot === '0') withoutSnapshot.add(key);
    if (recordId > maxRecordId) maxRecordId = recordId;
  }
  // Packed as text too: the driver's conversion of two timestamps per row cost more than the query.
  const idRows = await readPackedRows(
    db,
    sql`
    SELECT customer_id || chr(31) || status || chr(31) || coalesce(merged_into, '') || chr(31)
           || CAST(${sql.__dangerous__rawValue(dialect.epochMillis('created_at'))} AS VARCHAR) || chr(31)
           || CAST(${sql.__dangerous__rawValue(dialect.epochMillis('updated_at'))} AS VARCHAR) AS r
    FROM identity.customer_ids`,
  );
  const ids = new Map<string, CustomerIdState>();
  const updatedAt = new Map<string, Date>();
  for (const r of idRows) {
    const [customerId, status, mergedInto, created, updated] = r.split('\u001f') as [
      string,
      CustomerIdState['status'],
      string,
      string,
      string,
    ];
    ids.set(customerId, {
      customerId,
      status,
      mergedInto: mergedInto === '' ? null : mergedInto,
      createdAt: new Date(Number(created)),
    });
    updatedAt.set(customerId, new Date(Number(updated)));
  }
  const cons = await db.query<{
    source_a: string;
    source_key_a: string;
    source_b: string;
    source_key_b: string;
    kind: 'must_link' | 'cannot_link';
  }>(sql`SELECT source_a, source_key_a, source_b, source_key_b, kind FROM identity.constraints
         ORDER BY source_a, source_key_a, source_b, source_key_b`);
  return {
    customerOf,
    recordIds,
    fingerprints,
    placements,
    ids,
    updatedAt,
    maxRecordId,
    withoutSnapshot,
    constraints: cons.rows.map((c) => ({
      a: recordKey(c.source_a, c.source_key_a),
      b: recordKey(c.source_b, c.source_key_b),
      kind: c.kind,
    })),
  };
}

/** The stored snapshots of these records (record_id -> snapshot text; null where a row has none). */
export async function readSnapshots(
  db: Queryable,
  recordIds: readonly number[],
): Promise<Map<number, string | null>> {
  const rows = await inChunks<number, { record_id: number; snapshot: string | null }>(
    recordIds,
    (list) => sql`SELECT record_id, snapshot FROM identity.records WHERE record_id IN (${list})`,
    db,
  );
  const out = new Map<number, string | null>();
  for (const r of rows) out.set(Number(r.record_id), r.snapshot);
  return out;
}

/** How a record was placed, comparable between a stored row and a run's result. */
export function placementSignature(rule: string, confidence: number): string {
  return `${rule}\u0000${confidence}`;
}

/** The model the latest training stored, or null if none was trained yet. */
export async function readLatestModel(db: Queryable): Promise<StoredModel | null> {
  const { rows } = await db.query<{ params: unknown }>(
    sql`SELECT params FROM identity.model ORDER BY model_id DESC LIMIT 1`,
  );
  if (rows.length === 0) return null;
  const p = rows[0]!.params;
  return parseModel(typeof p === 'string' ? p : JSON.stringify(p));
}

/** Id of the model the next run would use (0 when none is stored). */
export async function latestModelId(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number | null }>(sql`SELECT max(model_id) AS n FROM identity.model`);
  return Number(rows[0]?.n ?? 0);
}

/** The inputs hash the last run stored, or null. */
export async function readStateKey(db: Queryable): Promise<string | null> {
  const { rows } = await db.query<{ state_key: string }>(sql`SELECT state_key FROM identity.state`);
  return rows[0]?.state_key ?? null;
}
