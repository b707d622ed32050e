import { sql, type Queryable, type Warehouse } from '../warehouse/index.ts';
import type { Assignment } from './assign-ids.ts';
import type { GoldenRecord } from './golden.ts';
import type { Placement } from './deterministic.ts';
import { serialiseParams } from './fellegi-sunter/index.ts';
import type { ScoredPairs } from './probabilistic.ts';
import { packSnapshot, recordKey, type SourceRecord } from './records.ts';
import type { ReviewItem } from './review-items.ts';
import { inChunks } from './packed-rows.ts';
import { placementSignature, type PreviousState } from './state.ts';

const BATCH = 10_000;

function* batches<T>(rows: readonly T[]): Iterable<T[]> {
  for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH) as T[];
}

export interface WriteInput {
  readonly records: readonly SourceRecord[];
  readonly recordIds: readonly number[];
  readonly fingerprints: readonly string[];
  readonly placement: Placement;
  readonly assignment: Assignment;
  readonly previous: PreviousState;
  readonly golden: readonly GoldenRecord[];
  readonly actor: string;
  readonly now: Date;
  /**
   * An incremental run: the record indices resolved again, ascending. placement and assignment are
   * indexed by position in it, and only these records and their customers are rewritten.
   */
  readonly region?: Int32Array;
  /** Keys of the records the previous run placed that are gone from core.source_records. */
  readonly removed: readonly string[];
}

/** Replaces the identity outputs with one run's results, in the caller's transaction. */
export async function writeResolution(
  tx: Queryable,
  dialect: Warehouse['dialect'],
  w: WriteInput,
): Promise<void> {
  const { records, assignment, now, region, previous } = w;
  // Global record index of each resolved row (placement and assignment are indexed by row).
  const rowsOf = region ?? Int32Array.from(records.keys());
  const ruleOf = (k: number) => w.placement.rule[k] ?? 'founder';
  const confidenceOf = (k: number) => (w.placement.rule[k] === null ? 1 : w.placement.confidence[k]!);
  // Only rows that changed are written: rewriting every row of a keyed table in one transaction
  // made DuckDB's commit take 14 s at 100k records. A row without a snapshot gets one.
  const changed: number[] = [];
  const stale: number[] = [];
  // The customers the changed records had and the ones they have now.
  const affected = new Set<string>();
  rowsOf.forEach((i, k) => {
    const key = recordKey(records[i]!.source, records[i]!.sourceKey);
    const before = previous.customerOf.get(key);
    if (
      before === assignment.customerOf[k] &&
      previous.fingerprints.get(key) === w.fingerprints[i] &&
      previous.placements.get(key) === placementSignature(ruleOf(k), confidenceOf(k)) &&
      !previous.withoutSnapshot.has(key)
    ) {
      return;
    }
    changed.push(k);
    affected.add(assignment.customerOf[k]!);
    if (before !== undefined) {
      affected.add(before);
      stale.push(previous.recordIds.get(key)!);
    }
  });
  // Records gone from core.source_records.
  for (const key of w.removed) {
    stale.push(previous.recordIds.get(key)!);
    affected.add(previous.customerOf.get(key)!);
  }
  await inChunks(stale, (list) => sql`DELETE FROM identity.records WHERE record_id IN (${list})`, tx);
  await tx.load(
    'identity.records',
    [
      { name: 'source', type: 'text' },
      { name: 'source_key', type: 'text' },
      { name: 'record_id', type: 'bigint' },
      { name: 'customer_id', type: 'text' },
      { name: 'match_rule', type: 'text' },
      { name: 'match_confidence', type: 'double' },
      { name: 'fingerprint', type: 'text' },
      { name: 'resolved_at', type: 'timestamptz' },
      { name: 'snapshot', type: 'text' },
    ],
    batches(
      changed.map((k) => {
        const i = rowsOf[k]!;
        return [
          records[i]!.source,
          records[i]!.sourceKey,
          w.recordIds[i],
          assignment.customerOf[k],
          ruleOf(k),
          confidenceOf(k),
          w.fingerprints[i],
          now,
          packSnapshot(records[i]!),
        ];
      }),
    ),
  );

  // Every ID ever minted stays; changed ones get their new state.
  const ids = new Map(w.previous.ids);
  const updated = new Map(w.previous.updatedAt);
  for (const s of assignment.changedIds) {
    ids.set(s.customerId, s);
    updated.set(s.customerId, now);
  }
  // An alias of an ID that has itself been merged points at the final survivor.
  const finalOf = (id: string): string => {
    let cur = id;
    for (let hops = 0; hops < 100; hops++) {
      const s = ids.get(cur);
      if (!s || s.status !== 'merged' || !s.mergedInto) return cur;
      cur = s.mergedInto;
    }
    return cur;
  };
  // Rows to write: every ID on a full run; on an incremental one the changed IDs and the aliases
  // whose final survivor changed with them.
  const changedIds = new Set(assignment.changedIds.map((s) => s.customerId));
  const idRows = [...ids.values()].filter(
    (s) =>
      changedIds.has(s.customerId) ||
      (s.status === 'merged' && finalOf(s.customerId) !== previous.ids.get(s.customerId)?.mergedInto),
  );
  await inChunks(
    idRows.filter((s) => previous.ids.has(s.customerId)).map((s) => s.customerId),
    (list) => sql`DELETE FROM identity.customer_ids WHERE customer_id IN (${list})`,
    tx,
  );
  await tx.load(
    'identity.customer_ids',
    [
      { name: 'customer_id', type: 'text' },
      { name: 'status', type: 'text' },
      { name: 'merged_into', type: 'text' },
      { name: 'created_at', type: 'timestamptz' },
      { name: 'updated_at', type: 'timestamptz' },
    ],
    batches(
      idRows
        .sort((a, b) => (a.customerId < b.customerId ? -1 : 1))
        .map((s) => [
          s.customerId,
          s.status,
          s.status === 'merged' ? finalOf(s.customerId) : null,
          s.createdAt,
          updated.get(s.customerId) ?? now,
        ]),
    ),
  );

  if (assignment.history.length > 0) {
    const { rows } = await tx.query<{ n: number | null }>(
      sql`SELECT max(event_id) AS n FROM identity.merge_history`,
    );
    const start = Number(rows[0]?.n ?? 0) + 1;
    await tx.load(
      'identity.merge_history',
      [
        { name: 'event_id', type: 'bigint' },
        { name: 'action', type: 'text' },
        { name: 'customer_id', type: 'text' },
        { name: 'other_customer_id', type: 'text' },
        { name: 'records', type: 'json' },
        { name: 'reason', type: 'text' },
        { name: 'actor', type: 'text' },
        { name: 'occurred_at', type: 'timestamptz' },
      ],
      batches(
        assignment.history.map((e, k) => [
          start + k,
          e.action,
          e.customerId,
          e.otherCustomerId,
          e.records.length
            ? e.records.map((key) => {
                const slash = key.indexOf('/');
                return [key.slice(0, slash), key.slice(slash + 1)];
              })
            : null,
          e.reason,
          w.actor,
          now,
        ]),
      ),
    );
  }

  // The rows this run wrote carry its time.
  await tx.query(sql`
    UPDATE core.source_records AS s SET customer_id = r.customer_id
    FROM identity.records AS r
    WHERE r.source = s.source AND r.source_key = s.source_key AND r.resolved_at = ${now}
      AND s.customer_id IS DISTINCT FROM r.customer_id`);
  const createdAt = (id: string) => ids.get(id)?.createdAt ?? now;
  // Golden records and 360 rows of the customers whose records changed.
  const golden = w.golden.filter((g) => affected.has(g.customerId));
  const present = [...affected].filter((id) => previous.ids.has(id));
  for (const table of ['customers', 'customer_360']) {
    await inChunks(
      present,
      (list) => sql`DELETE FROM ${sql.ident('core', table)} WHERE customer_id IN (${list})`,
      tx,
    );
  }
  await tx.load(
    'core.customers',
    [
      { name: 'customer_id', type: 'text' },
      { name: 'full_name', type: 'text' },
      { name: 'gender', type: 'text' },
      { name: 'birth_date', type: 'date' },
      { name: 'phone', type: 'text' },
      { name: 'email', type: 'text' },
      { name: 'national_id', type: 'text' },
      { name: 'province', type: 'text' },
      { name: 'city', type: 'text' },
      { name: 'address', type: 'text' },
      { name: 'source_count', type: 'integer' },
      { name: 'first_seen_at', type: 'timestamptz' },
      { name: 'last_seen_at', type: 'timestamptz' },
      { name: 'created_at', type: 'timestamptz' },
      { name: 'updated_at', type: 'timestamptz' },
    ],
    batches(
      golden.map((g) => [
        g.customerId,
        g.fullName,
        g.gender,
        g.birthDate,
        g.phone,
        g.email,
        g.nationalId,
        g.province,
        g.city,
        g.address,
        g.sourceCount,
        g.firstSeenAt,
        g.lastSeenAt,
        createdAt(g.customerId),
        now,
      ]),
    ),
  );

  await tx.load(
    'core.customer_360',
    [
      { name: 'customer_id', type: 'text' },
      { name: 'full_name', type: 'text' },
      { name: 'phone', type: 'text' },
      { name: 'email', type: 'text' },
      { name: 'sources', type: 'json' },
      { name: 'source_count', type: 'integer' },
      { name: 'phones', type: 'json' },
      { name: 'emails', type: 'json' },
      { name: 'union_ids', type: 'json' },
      { name: 'member_cards', type: 'json' },
      { name: 'order_count', type: 'integer' },
      { name: 'event_count', type: 'integer' },
      { name: 'open_tickets', type: 'integer' },
      { name: 'updated_at', type: 'timestamptz' },
    ],
    batches(
      golden.map((g) => [
        g.customerId,
        g.fullName,
        g.phone,
        g.email,
        g.sources,
        g.sourceCount,
        g.phones,
        g.emails,
        g.unionIds,
        g.memberCards,
        0,
        0,
        0,
        now,
      ]),
    ),
  );
  await refreshFacts(tx, dialect);
}

/** Stores the scored pairs, the model if this run trained it, and the review queue's pending rows. */
export async function writeProbabilistic(
  tx: Queryable,
  w: {
    scored: ScoredPairs;
    recordIds: readonly number[];
    review: readonly ReviewItem[];
    autoMergeThreshold: number;
    reviewThreshold: number;
    usedLinks: readonly number[];
    now: Date;
    /**
     * An incremental run: the records resolved again and the removed ones (their record IDs and
     * keys); only pairs and review rows touching them are replaced.
     */
    scope?: { recordIds: readonly number[]; keys: readonly string[] };
  },
): Promise<void> {
  const { scored, scope } = w;
  const C = scored.params.comparisons.length;
  if (scope) {
    await inChunks(
      scope.recordIds,
      (list) => sql`DELETE FROM identity.pairs WHERE record_id_a IN (${list}) OR record_id_b IN (${list})`,
      tx,
    );
  } else {
    await tx.query(sql`DELETE FROM identity.pairs`);
  }
  // Kept: the pairs that merged two customers and the pairs of the review band; the millions of
  // pairs that blocking proposed among records the rules had already joined, or that are plainly
  // different people, would cost more to store than to score again.
  const keep = new Set(w.usedLinks);
  const rows: unknown[][] = [];
  for (let k = 0; k < scored.a.length; k++) {
    const p = scored.probability[k]!;
    const review = p >= w.reviewThreshold && p < w.autoMergeThreshold;
    if (!review && !keep.has(k)) continue;
    let gamma = '';
    for (let c = 0; c < C; c++) gamma += String(scored.gamma[k * C + c]);
    const ia = w.recordIds[scored.a[k]!]!;
    const ib = w.recordIds[scored.b[k]!]!;
    rows.push([
      Math.min(ia, ib),
      Math.max(ia, ib),
      gamma,
      scored.weight[k],
      p,
      keep.has(k) ? 'link' : 'review',
    ]);
  }
  await tx.load(
    'identity.pairs',
    [
      { name: 'record_id_a', type: 'bigint' },
      { name: 'record_id_b', type: 'bigint' },
      { name: 'gamma', type: 'text' },
      { name: 'match_weight', type: 'double' },
      { name: 'match_probability', type: 'double' },
      { name: 'decision', type: 'text' },
    ],
    batches(rows),
  );
  if (scored.storeModel) {
    const { rows: m } = await tx.query<{ n: number | null }>(
      sql`SELECT max(model_id) AS n FROM identity.model`,
    );
    await tx.load(
      'identity.model',
      [
        { name: 'model_id', type: 'integer' },
        { name: 'params', type: 'json' },
        { name: 'iterations', type: 'integer' },
        { name: 'converged', type: 'boolean' },
        { name: 'candidate_pairs', type: 'bigint' },
        { name: 'trained_at', type: 'timestamptz' },
      ],
      [
        [
          [
            Number(m[0]?.n ?? 0) + 1,
            serialiseParams(scored.params, { 0: scored.frequencies }),
            scored.training?.iterations ?? 0,
            scored.training?.converged ?? true,
            scored.a.length,
            w.now,
          ],
        ],
      ],
    );
  }
  // Pending rows are this run's; decided rows stay as the record of who decided what.
  const { rows: pending } = await tx.query<{
    source_a: string;
    source_key_a: string;
    source_b: string;
    source_key_b: string;
    queued_at: Date;
  }>(
    sql`SELECT source_a, source_key_a, source_b, source_key_b, queued_at FROM identity.review_queue WHERE status = 'pending'`,
  );
  const queuedAt = new Map(
    pending.map((r) => [
      [r.source_a, r.source_key_a, r.source_b, r.source_key_b].join('\u0000'),
      r.queued_at,
    ]),
  );
  if (scope) {
    await inChunks(
      scope.keys,
      (list) => sql`
        DELETE FROM identity.review_queue WHERE status = 'pending'
          AND (source_a || '/' || source_key_a IN (${list}) OR source_b || '/' || source_key_b IN (${list}))`,
      tx,
    );
  } else {
    await tx.query(sql`DELETE FROM identity.review_queue WHERE status = 'pending'`);
  }
  await tx.load(
    'identity.review_queue',
    [
      { name: 'source_a', type: 'text' },
      { name: 'source_key_a', type: 'text' },
      { name: 'source_b', type: 'text' },
      { name: 'source_key_b', type: 'text' },
      { name: 'match_probability', type: 'double' },
      { name: 'match_weight', type: 'double' },
      { name: 'evidence', type: 'json' },
      { name: 'status', type: 'text' },
      { name: 'queued_at', type: 'timestamptz' },
    ],
    batches(
      w.review.map((r) => [
        r.a.source,
        r.a.sourceKey,
        r.b.source,
        r.b.sourceKey,
        r.probability,
        r.weight,
        r.evidence,
        'pending',
        queuedAt.get([r.a.source, r.a.sourceKey, r.b.source, r.b.sourceKey].join('\u0000')) ?? w.now,
      ]),
    ),
  );
}

/**
 * Gives orders, events and consents the customer of their source record and recomputes the
 * customer 360 summaries: also run when no record changed, since facts keep arriving for known
 * records.
 */
export async function refreshFacts(tx: Queryable, dialect: Warehouse['dialect']): Promise<void> {
  for (const table of ['orders', 'events', 'consents']) {
    await tx.exec(`
      UPDATE core.${table} AS t SET customer_id = s.customer_id
      FROM core.source_records AS s
      WHERE s.source = t.source AND s.source_key = t.source_key
        AND t.customer_id IS DISTINCT FROM s.customer_id`);
  }

  await tx.exec(`
    UPDATE core.customer_360
    SET order_count = 0, net_revenue = NULL, first_order_at = NULL, last_order_at = NULL,
        channels = NULL, event_count = 0, last_event_at = NULL, open_tickets = 0, consents_granted = NULL`);
  await tx.exec(`
    UPDATE core.customer_360 AS c
    SET order_count = o.n, net_revenue = o.revenue, first_order_at = o.first_at,
        last_order_at = o.last_at, channels = o.channels
    FROM (
      SELECT customer_id, count(*) AS n,
             sum(coalesce(net_amount, 0) - coalesce(refund_amount, 0)) AS revenue,
             min(ordered_at) AS first_at, max(ordered_at) AS last_at,
             ${dialect.jsonSortedSet('channel')} AS channels
      FROM core.orders
      WHERE customer_id IS NOT NULL AND status <> 'cancelled'
      GROUP BY customer_id
    ) AS o
    WHERE o.customer_id = c.customer_id`);
  await tx.exec(`
    UPDATE core.customer_360 AS c
    SET event_count = e.n, last_event_at = e.last_at, open_tickets = e.open_tickets
    FROM (
      SELECT customer_id, count(*) AS n, max(occurred_at) AS last_at,
             count(*) FILTER (WHERE event_type = 'ticket' AND status NOT IN ('resolved', 'closed')) AS open_tickets
      FROM core.events
      WHERE customer_id IS NOT NULL
      GROUP BY customer_id
    ) AS e
    WHERE e.customer_id = c.customer_id`);
  await tx.exec(`
    UPDATE core.customer_360 AS c
    SET consents_granted = g.granted
    FROM (
      SELECT customer_id, ${dialect.jsonSortedSet("purpose || '/' || channel")} AS granted
      FROM (
        SELECT customer_id, purpose, channel, status,
               row_number() OVER (PARTITION BY customer_id, purpose, channel
                                  ORDER BY occurred_at DESC, consent_id DESC) AS rn
        FROM core.consents
        WHERE customer_id IS NOT NULL
      ) AS latest
      WHERE rn = 1 AND status = 'granted'
      GROUP BY customer_id
    ) AS g
    WHERE g.customer_id = c.customer_id`);
}
