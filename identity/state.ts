import { sql, type Queryable } from '../warehouse/index.ts';
import type { CustomerIdState } from './assign-ids.ts';
import { parseParams, type FsParams } from './fellegi-sunter/index.ts';
import { recordKey } from './records.ts';

/** What the previous runs left: placements, IDs and people's decisions. */
export interface PreviousState {
  /** record key -> customer ID */
  readonly customerOf: Map<string, string>;
  /** record key -> record_id */
  readonly recordIds: Map<string, number>;
  readonly fingerprints: Map<string, string>;
  readonly ids: Map<string, CustomerIdState>;
  /** When each ID's state last changed. */
  readonly updatedAt: Map<string, Date>;
  readonly constraints: { a: string; b: string; kind: 'must_link' | 'cannot_link' }[];
  readonly maxRecordId: number;
}

export async function readPreviousState(db: Queryable): Promise<PreviousState> {
  // One text per record (as in records.ts): the driver's per-value conversion is the cost.
  const recs = await db.query<{ r: string }>(sql`
    SELECT source || chr(31) || source_key || chr(31) || CAST(record_id AS VARCHAR) || chr(31)
           || customer_id || chr(31) || fingerprint AS r
    FROM identity.records`);
  const customerOf = new Map<string, string>();
  const recordIds = new Map<string, number>();
  const fingerprints = new Map<string, string>();
  let maxRecordId = 0;
  for (const { r } of recs.rows) {
    const [source, sourceKey, id, customer, fp] = r.split('\u001f') as [
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
    if (recordId > maxRecordId) maxRecordId = recordId;
  }
  const idRows = await db.query<{
    customer_id: string;
    status: CustomerIdState['status'];
    merged_into: string | null;
    created_at: Date;
    updated_at: Date;
  }>(sql`SELECT customer_id, status, merged_into, created_at, updated_at FROM identity.customer_ids`);
  const ids = new Map<string, CustomerIdState>();
  const updatedAt = new Map<string, Date>();
  for (const r of idRows.rows) {
    ids.set(r.customer_id, {
      customerId: r.customer_id,
      status: r.status,
      mergedInto: r.merged_into,
      createdAt: r.created_at,
    });
    updatedAt.set(r.customer_id, r.updated_at);
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
    ids,
    updatedAt,
    maxRecordId,
    constraints: cons.rows.map((c) => ({
      a: recordKey(c.source_a, c.source_key_a),
      b: recordKey(c.source_b, c.source_key_b),
      kind: c.kind,
    })),
  };
}

/** The model the latest training stored, or null if none was trained yet. */
export async function readLatestModel(db: Queryable): Promise<FsParams | null> {
  const { rows } = await db.query<{ params: unknown }>(
    sql`SELECT params FROM identity.model ORDER BY model_id DESC LIMIT 1`,
  );
  if (rows.length === 0) return null;
  const p = rows[0]!.params;
  return parseParams(typeof p === 'string' ? p : JSON.stringify(p));
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
