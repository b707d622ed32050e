import { sql, type Queryable, type Warehouse } from '../warehouse/index.ts';

/** A review or unmerge request that cannot be carried out; the message says why and what to do. */
export class IdentityDecisionError extends Error {
  override readonly name = 'IdentityDecisionError';
}

/** A record as people name it on the command line: `source/source_key`. */
export interface RecordRef {
  readonly source: string;
  readonly sourceKey: string;
}

/** Parses `source/source_key` (the key may itself contain '/' and ':'). */
export function parseRecordRef(text: string): RecordRef {
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) {
    throw new IdentityDecisionError(
      `"${text}" is not a record reference; write source/source_key, e.g. his/his_patient:pat-000123 (see cdp identity review list)`,
    );
  }
  return { source: text.slice(0, slash), sourceKey: text.slice(slash + 1) };
}

export interface ReviewRow {
  readonly source_a: string;
  readonly source_key_a: string;
  readonly source_b: string;
  readonly source_key_b: string;
  readonly match_probability: number;
  readonly status: string;
  readonly evidence: unknown;
  readonly decided_by: string | null;
  readonly queued_at: Date;
}

/** Review queue rows, most probable first. */
export async function listReview(
  db: Queryable,
  status: 'pending' | 'approved' | 'rejected' | 'all',
  limit: number,
): Promise<ReviewRow[]> {
  const { rows } = await db.query<ReviewRow & Record<string, unknown>>(sql`
    SELECT source_a, source_key_a, source_b, source_key_b, match_probability, status, evidence,
           decided_by, queued_at
    FROM identity.review_queue
    WHERE ${status} = 'all' OR status = ${status}
    ORDER BY match_probability DESC, source_a, source_key_a, source_b, source_key_b
    LIMIT ${limit}`);
  return rows;
}

/**
 * Records a person's decision on a queued pair: 'approved' becomes a must-link, 'rejected' a
 * cannot-link; both hold in every later run. The pair must be in the queue (either order).
 */
export async function decideReview(
  wh: Warehouse,
  a: RecordRef,
  b: RecordRef,
  decision: 'approved' | 'rejected',
  by: string,
  note: string | null,
  now = new Date(),
): Promise<void> {
  await wh.transaction(async (tx) => {
    const { rows } = await tx.query<{
      source_a: string;
      source_key_a: string;
      source_b: string;
      source_key_b: string;
    }>(sql`
      SELECT source_a, source_key_a, source_b, source_key_b FROM identity.review_queue
      WHERE (source_a = ${a.source} AND source_key_a = ${a.sourceKey} AND source_b = ${b.source} AND source_key_b = ${b.sourceKey})
         OR (source_a = ${b.source} AND source_key_a = ${b.sourceKey} AND source_b = ${a.source} AND source_key_b = ${a.sourceKey})`);
    const row = rows[0];
    if (!row) {
      throw new IdentityDecisionError(
        `${a.source}/${a.sourceKey} and ${b.source}/${b.sourceKey} are not a pair in the review queue; list the queue with: cdp identity review list`,
      );
    }
    await tx.query(sql`
      UPDATE identity.review_queue SET status = ${decision}, decided_by = ${by}, decided_at = ${now}, note = ${note}
      WHERE source_a = ${row.source_a} AND source_key_a = ${row.source_key_a}
        AND source_b = ${row.source_b} AND source_key_b = ${row.source_key_b}`);
    await addConstraints(
      tx,
      [[row.source_a, row.source_key_a, row.source_b, row.source_key_b]],
      decision === 'approved' ? 'must_link' : 'cannot_link',
      'review',
      by,
      now,
    );
  });
}

async function addConstraints(
  tx: Queryable,
  pairs: readonly (readonly [string, string, string, string])[],
  kind: 'must_link' | 'cannot_link',
  reason: string,
  by: string,
  now: Date,
): Promise<void> {
  for (const [sa, ka, sb, kb] of pairs) {
    await tx.query(sql`
      DELETE FROM identity.constraints
      WHERE (source_a = ${sa} AND source_key_a = ${ka} AND source_b = ${sb} AND source_key_b = ${kb})
         OR (source_a = ${sb} AND source_key_a = ${kb} AND source_b = ${sa} AND source_key_b = ${ka})`);
  }
  await tx.load(
    'identity.constraints',
    [
      { name: 'source_a', type: 'text' },
      { name: 'source_key_a', type: 'text' },
      { name: 'source_b', type: 'text' },
      { name: 'source_key_b', type: 'text' },
      { name: 'kind', type: 'text' },
      { name: 'reason', type: 'text' },
      { name: 'created_by', type: 'text' },
      { name: 'created_at', type: 'timestamptz' },
    ],
    [pairs.map(([sa, ka, sb, kb]) => [sa, ka, sb, kb, kind, reason, by, now])],
  );
}

/** What an unmerge will restore: the merged ID and the records it brought into the survivor. */
export interface UnmergePlan {
  readonly survivor: string;
  readonly restored: string;
  /** Record keys (`source/source_key`) that go back to the restored ID. */
  readonly records: ReadonlySet<string>;
}

/**
 * Undoes the latest merge into `customerId` (of `mergedId` if given): the records the merged
 * customer brought in go back to it, and cannot-links between them and the survivor's other
 * records keep the merge from coming back. The next identity run applies it.
 */
export async function planUnmerge(
  wh: Warehouse,
  customerId: string,
  mergedId: string | null,
  by: string,
  now = new Date(),
): Promise<UnmergePlan> {
  return wh.transaction(async (tx) => {
    const { rows } = await tx.query<{ other_customer_id: string; records: unknown }>(sql`
      SELECT other_customer_id, records FROM identity.merge_history
      WHERE action = 'merge' AND customer_id = ${customerId}
        AND (CAST(${mergedId} AS TEXT) IS NULL OR other_customer_id = ${mergedId})
      ORDER BY event_id DESC LIMIT 1`);
    const merge = rows[0];
    if (!merge) {
      throw new IdentityDecisionError(
        mergedId
          ? `${mergedId} was never merged into ${customerId}; see: cdp sql "select * from identity.merge_history where customer_id = '${customerId}'"`
          : `no merge into ${customerId} is on record; see: cdp sql "select * from identity.merge_history where customer_id = '${customerId}'"`,
      );
    }
    const moved = (Array.isArray(merge.records) ? merge.records : []) as [string, string][];
    if (moved.length === 0) {
      throw new IdentityDecisionError(
        `the merge of ${merge.other_customer_id} into ${customerId} moved no records`,
      );
    }
    const movedKeys = new Set(moved.map(([s, k]) => `${s}/${k}`));
    const { rows: current } = await tx.query<{ source: string; source_key: string }>(sql`
      SELECT source, source_key FROM identity.records WHERE customer_id = ${customerId}
      ORDER BY source, source_key`);
    const stay = current.filter((r) => !movedKeys.has(`${r.source}/${r.source_key}`));
    if (stay.length === 0) {
      throw new IdentityDecisionError(`${customerId} holds only the merged records; nothing to separate`);
    }
    // One anchor per side is enough to keep the sides apart; every record of the other side is
    // tied to it so no single record can drift across on its own.
    const anchorStay = stay[0]!;
    const anchorMoved = moved[0]!;
    const pairs: [string, string, string, string][] = [
      ...moved.map(
        ([s, k]) => [anchorStay.source, anchorStay.source_key, s, k] as [string, string, string, string],
      ),
      ...stay
        .slice(1)
        .map(
          (r) => [anchorMoved[0], anchorMoved[1], r.source, r.source_key] as [string, string, string, string],
        ),
    ];
    await addConstraints(tx, pairs, 'cannot_link', 'unmerge', by, now);
    return { survivor: customerId, restored: merge.other_customer_id, records: movedKeys };
  });
}

/**
 * Splits records out of a customer: cannot-links tie each named record to one record that stays,
 * and each record that stays to the first split record, so no later run puts them back together.
 * The next identity run mints a new ID for the split part (recorded as a split).
 */
export async function planSplit(
  wh: Warehouse,
  customerId: string,
  records: readonly RecordRef[],
  by: string,
  now = new Date(),
): Promise<{ readonly split: number; readonly stay: number }> {
  return wh.transaction(async (tx) => {
    const { rows } = await tx.query<{ source: string; source_key: string }>(sql`
      SELECT source, source_key FROM identity.records WHERE customer_id = ${customerId}
      ORDER BY source, source_key`);
    if (rows.length === 0) {
      throw new IdentityDecisionError(`${customerId} is not a current customer; see cdp identity export`);
    }
    const held = new Set(rows.map((r) => `${r.source}/${r.source_key}`));
    const out = new Set<string>();
    for (const r of records) {
      const key = `${r.source}/${r.sourceKey}`;
      if (!held.has(key)) {
        throw new IdentityDecisionError(
          `${key} is not a record of ${customerId}; list them with cdp identity export`,
        );
      }
      out.add(key);
    }
    const stay = rows.filter((r) => !out.has(`${r.source}/${r.source_key}`));
    if (stay.length === 0) {
      throw new IdentityDecisionError(`those are all the records of ${customerId}; nothing would stay`);
    }
    const anchorStay = stay[0]!;
    const anchorOut = records[0]!;
    const pairs: [string, string, string, string][] = [
      ...records.map(
        (r) =>
          [anchorStay.source, anchorStay.source_key, r.source, r.sourceKey] as [
            string,
            string,
            string,
            string,
          ],
      ),
      ...stay
        .slice(1)
        .map(
          (r) =>
            [anchorOut.source, anchorOut.sourceKey, r.source, r.source_key] as [
              string,
              string,
              string,
              string,
            ],
        ),
    ];
    await addConstraints(tx, pairs, 'cannot_link', 'split', by, now);
    return { split: records.length, stay: stay.length };
  });
}
