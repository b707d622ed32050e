import { sql, type Queryable, type SQLQuery } from '../warehouse/index.ts';
import { segmentQuery, type SegmentScope } from './compile.ts';
import { SegmentRunOrderError } from './errors.ts';
import type { Segments } from './schema.ts';

/** What one segment's run did. */
export interface SegmentRunReport {
  readonly segment: string;
  readonly members: number;
  readonly entered: number;
  readonly exited: number;
  /** The segment is no longer defined: this run took its members out (reason 'segment_removed'). */
  readonly removed: boolean;
}

/** Why a customer entered or left, in marts.segment_changes.reason. */
type ChangeReason = 'rule' | 'segment_removed';

/**
 * Materialises every segment for as_of: replaces its current members and records who entered or
 * left since the previous run. A segment of marts.segments that is no longer defined is removed:
 * its members exit (reason 'segment_removed') and it is marked removed. Run it inside one
 * transaction with every segment of the project; a rerun for the same as_of replaces that as_of's
 * changes, so it gives the same rows. Segments are written in name order.
 */
export async function writeSegments(
  tx: Queryable,
  segments: Segments,
  scope: SegmentScope,
): Promise<SegmentRunReport[]> {
  const reports: SegmentRunReport[] = [];
  for (const name of Object.keys(segments).sort()) {
    reports.push(await writeSegment(tx, name, segments, scope));
  }
  for (const name of await removedSegments(tx, segments, scope)) {
    reports.push(await removeSegment(tx, name, scope));
  }
  return reports;
}

async function latestRun(tx: Queryable, name: string, scope: SegmentScope): Promise<void> {
  const { rows } = await tx.query<{ as_of: string }>(
    sql`SELECT as_of FROM marts.segments WHERE segment = ${name}`,
  );
  const latestAsOf = rows[0]?.as_of;
  // Earlier changes would be undone by later ones already recorded: members only move forward.
  if (latestAsOf !== undefined && latestAsOf > scope.asOf) {
    throw new SegmentRunOrderError(name, scope.asOf, latestAsOf);
  }
}

/**
 * Replaces a segment's members with `members` (a query of customer_id) and records the entries
 * and exits against the members before as_of; returns the counts.
 */
async function replaceMembers(
  tx: Queryable,
  name: string,
  members: SQLQuery,
  scope: SegmentScope,
  reason: ChangeReason,
): Promise<Omit<SegmentRunReport, 'segment' | 'removed'>> {
  const asOf = sql`CAST(${scope.asOf} AS DATE)`;
  await tx.query(sql`DELETE FROM marts.segment_changes WHERE segment = ${name} AND as_of = ${asOf}`);
  // Members before this as_of: the latest change of each customer before it is an entry.
  const before = sql`
    SELECT customer_id, as_of AS entered_on FROM (
      SELECT customer_id, as_of, change,
        ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY as_of DESC) AS rn
      FROM marts.segment_changes WHERE segment = ${name} AND as_of < ${asOf}
    ) h WHERE rn = 1 AND change = 'entered'`;
  await tx.query(sql`DELETE FROM marts.segment_members WHERE segment = ${name}`);
  await tx.query(sql`
    INSERT INTO marts.segment_members (segment, customer_id, as_of, entered_on)
    WITH now_in AS (${members}), before AS (${before})
    SELECT ${name}, n.customer_id, ${asOf}, COALESCE(b.entered_on, ${asOf})
    FROM now_in n LEFT JOIN before b ON b.customer_id = n.customer_id`);
  // Typed parameters: Postgres cannot type a bare $n through UNION ALL.
  const seg = sql`CAST(${name} AS VARCHAR)`;
  const why = sql`CAST(${reason} AS VARCHAR)`;
  const now = sql`CAST(${scope.now} AS TIMESTAMPTZ)`;
  await tx.query(sql`
    INSERT INTO marts.segment_changes (segment, customer_id, as_of, change, changed_at, reason)
    WITH before AS (${before})
    SELECT ${seg}, m.customer_id, ${asOf}, 'entered', ${now}, ${why}
    FROM marts.segment_members m
    WHERE m.segment = ${name} AND m.customer_id NOT IN (SELECT customer_id FROM before)
    UNION ALL
    SELECT ${seg}, b.customer_id, ${asOf}, 'exited', ${now}, ${why}
    FROM before b
    WHERE b.customer_id NOT IN (SELECT customer_id FROM marts.segment_members WHERE segment = ${name})`);
  const { rows } = await tx.query<{ change: string; n: number }>(sql`
    SELECT change, count(*) AS n FROM marts.segment_changes
    WHERE segment = ${name} AND as_of = ${asOf} GROUP BY change`);
  const { rows: total } = await tx.query<{ n: number }>(
    sql`SELECT count(*) AS n FROM marts.segment_members WHERE segment = ${name}`,
  );
  const changed = (c: string) => Number(rows.find((r) => r.change === c)?.n ?? 0);
  return { members: Number(total[0]?.n ?? 0), entered: changed('entered'), exited: changed('exited') };
}

async function writeSegment(
  tx: Queryable,
  name: string,
  segments: Segments,
  scope: SegmentScope,
): Promise<SegmentRunReport> {
  await latestRun(tx, name, scope);
  const counts = await replaceMembers(tx, name, segmentQuery(name, segments, scope), scope, 'rule');
  const def = segments[name]!;
  await tx.query(sql`DELETE FROM marts.segments WHERE segment = ${name}`);
  await tx.load(
    'marts.segments',
    [
      { name: 'segment', type: 'text' },
      { name: 'description', type: 'text' },
      { name: 'definition', type: 'json' },
      { name: 'as_of', type: 'date' },
      { name: 'members', type: 'bigint' },
      { name: 'updated_at', type: 'timestamptz' },
      { name: 'removed_at', type: 'timestamptz' },
    ],
    [
      [
        [
          name,
          def.description ?? null,
          JSON.stringify(def.where),
          scope.asOf,
          counts.members,
          scope.now,
          null,
        ],
      ],
    ],
  );
  return { segment: name, ...counts, removed: false };
}

/**
 * Materialised segments that are no longer defined and not yet removed, or removed by a run for
 * this same as_of (a rerun recomputes that removal). One whose latest run is after as_of is left
 * for a run at that day or later: its exits cannot go before changes already recorded.
 */
async function removedSegments(tx: Queryable, segments: Segments, scope: SegmentScope): Promise<string[]> {
  const { rows } = await tx.query<{ segment: string }>(sql`
    SELECT segment FROM marts.segments
    WHERE as_of <= CAST(${scope.asOf} AS DATE)
      AND (removed_at IS NULL OR as_of = CAST(${scope.asOf} AS DATE))
    ORDER BY segment`);
  return rows.map((r) => r.segment).filter((s) => !Object.hasOwn(segments, s));
}

/** Every member of a segment no longer defined exits; the segment stays in marts.segments, marked removed. */
async function removeSegment(tx: Queryable, name: string, scope: SegmentScope): Promise<SegmentRunReport> {
  const nobody = sql`SELECT customer_id FROM core.customers WHERE 1 = 0`;
  const counts = await replaceMembers(tx, name, nobody, scope, 'segment_removed');
  await tx.query(sql`
    UPDATE marts.segments SET as_of = CAST(${scope.asOf} AS DATE), members = 0,
      updated_at = ${scope.now}, removed_at = ${scope.now}
    WHERE segment = ${name}`);
  return { segment: name, ...counts, removed: true };
}
