import { sql, type Queryable } from '../warehouse/index.ts';
import { compileCondition, segmentQuery, type SegmentScope } from './compile.ts';
import { SegmentDefinitionError } from './errors.ts';
import type { Condition, Segments } from './schema.ts';

/** One condition of a segment's tree with whether it held for the customer. */
export interface Explanation {
  readonly condition: Condition;
  readonly result: boolean;
  /** The children of and / or / not, and the expanded rule of a segment condition. */
  readonly children?: readonly Explanation[];
  /** Indexes of the children that decided the result. */
  readonly decidedBy?: readonly number[];
}

function children(c: Condition, segments: Segments): Condition[] {
  switch (c.kind) {
    case 'and':
    case 'or':
      return [...c.conditions];
    case 'not':
      return [c.condition];
    case 'segment': {
      const def = segments[c.segment];
      return def ? [def.where] : [];
    }
    default:
      return [];
  }
}

/**
 * Evaluates every condition of a segment's tree for one customer (one query per node), saying
 * which let them in or kept them out. A customer unknown to core.customers matches nothing.
 */
export async function explain(
  q: Queryable,
  segments: Segments,
  name: string,
  customerId: string,
  scope: SegmentScope,
): Promise<Explanation> {
  const def = segments[name];
  if (!def) {
    throw new SegmentDefinitionError(
      `unknown segment "${name}" (defined: ${Object.keys(segments).sort().join(', ')})`,
      name,
      [name],
    );
  }
  const evaluate = async (c: Condition, within: string): Promise<Explanation> => {
    const { rows } = await q.query<{ result: boolean }>(
      sql`SELECT ${compileCondition(c, segments, scope, within)} AS result FROM core.customers c
          WHERE c.customer_id = ${customerId}`,
    );
    const result = rows[0]?.result === true;
    const inner = c.kind === 'segment' ? c.segment : within;
    // One at a time: a transaction is one connection on both engines.
    const kids: Explanation[] = [];
    for (const x of children(c, segments)) kids.push(await evaluate(x, inner));
    if (kids.length === 0) return { condition: c, result };
    // A failed `and` was kept out by its false children, a passed `or` let in by its true ones
    // (and when all agree, all decided); `not` and a segment have one child.
    const decidedBy = kids.flatMap((k, i) =>
      c.kind === 'and' || c.kind === 'or' ? (k.result === result ? [i] : []) : [i],
    );
    return { condition: c, result, children: kids, decidedBy };
  };
  return evaluate(def.where, name);
}

/** How many customers a segment holds at as_of, and a sample of their ids (sorted). */
export async function preview(
  q: Queryable,
  segments: Segments,
  name: string,
  scope: SegmentScope,
  sample = 10,
): Promise<{ count: number; sample: string[] }> {
  const members = segmentQuery(name, segments, scope);
  const { rows } = await q.query<{ n: number }>(sql`SELECT count(*) AS n FROM (${members}) m`);
  const { rows: ids } = await q.query<{ customer_id: string }>(
    sql`SELECT customer_id FROM (${members}) m ORDER BY customer_id LIMIT ${sql`CAST(${sample} AS INTEGER)`}`,
  );
  return { count: Number(rows[0]?.n ?? 0), sample: ids.map((r) => r.customer_id) };
}
