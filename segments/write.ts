import { sql, type Queryable } from '../warehouse/index.ts';
import { segmentQuery, type SegmentScope } from './compile.ts';
import { SegmentRunOrderError } from './errors.ts';
import type { Segments } from './schema.ts';

/** What one segment's run did. */
export interface SegmentRunReport {
  readonly segment: string;
  readonly members: number;
  readonly entered: number;
  readonly exited: number;
}

/**
 * Materialises every segment for as_of: replaces its current members and records who entered or
 * left since the previous run. Run it inside one transaction; a rerun for the same as_of replaces
 * that as_of's changes, so it gives the same rows. Segments are written in name order.
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
  return reports;
}

async function writeSegment(
  tx: Queryable,
  name: string,
  segments: Segments,
  scope: SegmentScope,
): Promise<SegmentRunReport> {
  const members = segmentQuery(name, segments, scope);
  const { rows: latest } = await tx.query<{ as_of: string }>(
    sql`SELECT as_of FROM marts.segments WHERE segment = ${name}`,
  );
  const latestAsOf = latest[0]?.as_of;
  // Earlier changes would be undone by later ones already recorded: members only move forward.
  if (latestAsOf !== undefined && latestAsOf > scope.asOf) {
    throw new SegmentRunOrderError(name, scope.asOf, latestAsOf);
  }
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
  const now = sql`CAST(${scope.now} AS TIMESTAMPTZ)`;
  await tx.query(sql`
    INSERT INTO marts.segment_changes (segment, customer_id, as_of, change, changed_at)
    WITH before AS (${before})
    SELECT ${seg}, m.customer_id, ${asOf}, 'entered', ${now}
    FROM marts.segment_members m
    WHERE m.segment = ${name} AND m.customer_id NOT IN (SELECT customer_id FROM before)
    UNION ALL
    SELECT ${seg}, b.customer_id, ${asOf}, 'exited', ${now}
    FROM before b
    WHERE b.customer_id NOT IN (SELECT customer_id FROM marts.segment_members WHERE segment = ${name})`);
  const { rows } = await tx.query<{ change: string; n: number }>(sql`
    SELECT change, count(*) AS n FROM marts.segment_changes
    WHERE segment = ${name} AND as_of = ${asOf} GROUP BY change`);
  const { rows: total } = await tx.query<{ n: number }>(
    sql`SELECT count(*) AS n FROM marts.segment_members WHERE segment = ${name}`,
  );
  const count = Number(total[0]?.n ?? 0);
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
    ],
    [[[name, def.description ?? null, JSON.stringify(def.where), scope.asOf, count, scope.now]]],
  );
  const changed = (c: string) => Number(rows.find((r) => r.change === c)?.n ?? 0);
  return { segment: name, members: count, entered: changed('entered'), exited: changed('exited') };
}
