import { sql, type Queryable } from '../../warehouse/index.ts';
import { FIELDS, type PullDestination } from '../config.ts';
import { latestConsent } from '../consent.ts';

const customerColumns = sql.__dangerous__rawValue(
  FIELDS.filter((f) => f !== 'customer_id')
    .map((f) => `c.${f}`)
    .join(', '),
);

/** A member or delta row with every customer field; the API keeps the destination's fields. */
export type PersonRow = Record<string, unknown> & { readonly customer_id: string };

// LIMIT is spliced: it is an integer the API validated, and both engines take it as a literal.
const limitOf = (n: number) => sql.__dangerous__rawValue(String(Math.trunc(n)));

/** Current members after `after` who have consent as of `now`, by customer ID. */
export async function memberChunk(
  tx: Queryable,
  dest: PullDestination,
  segment: string,
  now: Date,
  after: string,
  size: number,
): Promise<PersonRow[]> {
  const { rows } = await tx.query<PersonRow>(sql`
    WITH consent AS (${latestConsent(dest, now)})
    SELECT m.customer_id, ${customerColumns}
    FROM marts.segment_members m
    JOIN consent k ON k.customer_id = m.customer_id AND k.status = 'granted'
    LEFT JOIN core.customers c ON c.customer_id = m.customer_id
    WHERE m.segment = ${segment} AND m.customer_id > ${after}
    ORDER BY m.customer_id
    LIMIT ${limitOf(size)}`);
  return rows;
}

/** A person whose membership or consent moved in (since, until], with both ends of the move. */
export type DeltaRow = PersonRow & {
  readonly was_member: boolean;
  readonly is_member: boolean;
  readonly was_consented: boolean;
  readonly is_consented: boolean;
};

/**
 * Everyone after `after` who entered or left the segment, or had a consent event for the
 * destination's purpose and channel, in (since, until]; with membership (from the change ledger:
 * the latest change up to a time) and consent at both ends.
 */
export async function deltaChunk(
  tx: Queryable,
  dest: PullDestination,
  segment: string,
  since: Date,
  until: Date,
  after: string,
  size: number,
): Promise<DeltaRow[]> {
  const memberAt = (at: Date) => sql`
    SELECT customer_id, change FROM (
      SELECT customer_id, change,
        ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY changed_at DESC, as_of DESC) AS rn
      FROM marts.segment_changes WHERE segment = ${segment} AND changed_at <= ${at}
    ) x WHERE rn = 1`;
  const { rows } = await tx.query<DeltaRow>(sql`
    WITH moved AS (
      SELECT customer_id FROM marts.segment_changes
      WHERE segment = ${segment} AND changed_at > ${since} AND changed_at <= ${until}
      UNION
      SELECT COALESCE(k.customer_id, r.customer_id) AS customer_id
      FROM core.consents k
      LEFT JOIN core.source_records r
        ON r.source = k.source AND r.source_key = k.source_key
      WHERE k.purpose = ${dest.purpose} AND k.channel = ${dest.channel}
        AND k.occurred_at > ${since} AND k.occurred_at <= ${until}
    ), page AS (
      SELECT customer_id FROM moved WHERE customer_id IS NOT NULL AND customer_id > ${after}
      ORDER BY customer_id LIMIT ${limitOf(size)}
    ), m0 AS (${memberAt(since)}), m1 AS (${memberAt(until)}),
    k0 AS (${latestConsent(dest, since)}), k1 AS (${latestConsent(dest, until)})
    SELECT p.customer_id,
      COALESCE(m0.change = 'entered', FALSE) AS was_member,
      COALESCE(m1.change = 'entered', FALSE) AS is_member,
      COALESCE(k0.status = 'granted', FALSE) AS was_consented,
      COALESCE(k1.status = 'granted', FALSE) AS is_consented,
      ${customerColumns}
    FROM page p
    LEFT JOIN m0 ON m0.customer_id = p.customer_id
    LEFT JOIN m1 ON m1.customer_id = p.customer_id
    LEFT JOIN k0 ON k0.customer_id = p.customer_id
    LEFT JOIN k1 ON k1.customer_id = p.customer_id
    LEFT JOIN core.customers c ON c.customer_id = p.customer_id
    ORDER BY p.customer_id`);
  return rows;
}

/** The segments' last run and member count (before consent), for those that were materialised. */
export async function segmentRuns(
  tx: Queryable,
  segments: readonly string[],
): Promise<Map<string, { as_of: string; members: number; updated_at: Date }>> {
  const { rows } = await tx.query<{ segment: string; as_of: string; members: number; updated_at: Date }>(
    sql`SELECT segment, as_of, members, updated_at FROM marts.segments`,
  );
  return new Map(
    rows
      .filter((r) => segments.includes(r.segment))
      .map((r) => [r.segment, { as_of: r.as_of, members: Number(r.members), updated_at: r.updated_at }]),
  );
}
