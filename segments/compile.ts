import { sql, type SQLQuery } from '../warehouse/index.ts';
import { SegmentCycleError, SegmentDefinitionError } from './errors.ts';
import type {
  Condition,
  EventFilter,
  FollowUp,
  Frequency,
  HealthCondition,
  Metric,
  PurchaseFilter,
  Segments,
} from './schema.ts';

/** The moment a segment is evaluated for. */
export interface SegmentScope {
  /** The day (inclusive, warehouse time zone): nothing after its end counts. */
  readonly asOf: string;
  /** The run's wall clock: activity after it is bad data, and follow-up windows must have elapsed by it. */
  readonly now: Date;
}

const raw = sql.__dangerous__rawValue;
const int = (n: number): SQLQuery => sql`CAST(${n} AS INTEGER)`;
const list = (values: readonly (string | number)[]): SQLQuery =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

interface Context {
  readonly scope: SegmentScope;
  readonly segments: Segments;
  /** Segments being expanded, outermost first, to name a cycle. */
  readonly stack: readonly string[];
}

const day = (ctx: Context): SQLQuery => sql`CAST(${ctx.scope.asOf} AS DATE)`;
// The first instant after as_of in the session's zone: both engines cast a date at local midnight.
const endOfDay = (ctx: Context): SQLQuery => sql`CAST(${day(ctx)} + 1 AS TIMESTAMPTZ)`;

/** The marts table's latest run on or before as_of, so weekly models (CLV) serve the days between. */
function latestRun(table: string, alias: string, ctx: Context): SQLQuery {
  return sql`${raw(alias)}.as_of = (SELECT max(as_of) FROM ${raw(table)} WHERE as_of <= ${day(ctx)})`;
}

interface Activity {
  readonly table: SQLQuery;
  readonly at: SQLQuery;
  readonly where: SQLQuery;
}

/**
 * Rows of an activity under alias `a`: counted purchases of core.orders (not cancelled, refunded or
 * returned, net of refunds above 0) or core.events, of known customers, up to the end of as_of.
 */
function activityRows(f: PurchaseFilter | EventFilter, a: string, ctx: Context): Activity {
  const col = (name: string): SQLQuery => raw(`${a}.${name}`);
  const parts: SQLQuery[] = [sql`${col('customer_id')} IS NOT NULL`];
  let at: SQLQuery;
  let table: SQLQuery;
  if (f.kind === 'purchased') {
    table = sql`core.orders`;
    at = col('ordered_at');
    parts.push(
      sql`${col('status')} NOT IN ('cancelled', 'refunded', 'returned')`,
      sql`${col('net_amount')} - COALESCE(${col('refund_amount')}, 0) > 0`,
    );
    if (f.channels) parts.push(sql`${col('channel')} IN (${list(f.channels)})`);
    if (f.stores) parts.push(sql`${col('store_code')} IN (${list(f.stores)})`);
    if (f.minAmount !== undefined) {
      parts.push(sql`${col('net_amount')} - COALESCE(${col('refund_amount')}, 0) >= ${f.minAmount}`);
    }
  } else {
    table = sql`core.events`;
    at = col('occurred_at');
    parts.push(sql`${col('event_type')} IN (${list(f.eventTypes)})`);
    if (f.channels) parts.push(sql`${col('channel')} IN (${list(f.channels)})`);
    if (f.statuses) parts.push(sql`${col('status')} IN (${list(f.statuses)})`);
  }
  parts.push(sql`CAST(${at} AS DATE) <= ${day(ctx)}`, sql`${at} <= ${ctx.scope.now}`);
  return { table: sql`${table} ${raw(a)}`, at, where: sql.join(parts, sql` AND `) };
}

/** Did the activity at least N times in the window (and, optionally, without the follow-up). */
function activity(c: (PurchaseFilter | EventFilter) & Frequency, ctx: Context): SQLQuery {
  const a = activityRows(c, 'a', ctx);
  const parts = [a.where];
  if (c.withinDays !== undefined) {
    parts.push(sql`CAST(${a.at} AS DATE) > ${day(ctx)} - ${int(c.withinDays)}`);
  }
  if (c.withoutFollowUp) parts.push(notFollowed(a, c.withoutFollowUp, ctx));
  const n = c.atLeastTimes ?? 1;
  return sql`c.customer_id IN (SELECT a.customer_id FROM ${a.table} WHERE ${sql.join(parts, sql` AND `)}
    GROUP BY a.customer_id HAVING count(*) >= ${int(n)})`;
}

/**
 * The row of `a` was not followed by the follow-up activity within its hours; only rows whose
 * follow-up window has fully passed (by the end of as_of and by now) count, so a browse an hour
 * ago is not yet "did not order within 24 h".
 */
function notFollowed(a: Activity, f: FollowUp, ctx: Context): SQLQuery {
  const b = activityRows(f, 'b', ctx);
  const until = sql`${a.at} + INTERVAL '1 hour' * ${int(f.withinHours)}`;
  return sql`${until} <= ${endOfDay(ctx)} AND ${until} <= ${ctx.scope.now}
    AND NOT EXISTS (SELECT 1 FROM ${b.table} WHERE ${b.where} AND b.customer_id = a.customer_id
      AND ${b.at} >= ${a.at} AND ${b.at} <= ${until})`;
}

const CLV_COLUMNS: Partial<Record<Metric, string>> = {
  clv: 'clv',
  prob_alive: 'prob_alive',
  expected_purchases: 'expected_purchases',
};

function range(expr: SQLQuery, min: number | undefined, max: number | undefined): SQLQuery {
  const parts: SQLQuery[] = [];
  // Bounds typed as doubles: Postgres would type a bare $1 after an integer count as integer.
  if (min !== undefined) parts.push(sql`${expr} >= CAST(${min} AS DOUBLE PRECISION)`);
  if (max !== undefined) parts.push(sql`${expr} <= CAST(${max} AS DOUBLE PRECISION)`);
  return sql.join(parts, sql` AND `);
}

function metric(c: Extract<Condition, { kind: 'metric' }>, ctx: Context): SQLQuery {
  const clvColumn = CLV_COLUMNS[c.metric];
  if (clvColumn) {
    return sql`c.customer_id IN (SELECT m.customer_id FROM marts.clv m WHERE ${latestRun('marts.clv', 'm', ctx)}
      AND ${range(raw(`m.${clvColumn}`), c.min, c.max)})`;
  }
  const a = activityRows({ kind: 'purchased' }, 'a', ctx);
  if (c.metric === 'days_since_last_order') {
    // No purchase: no days since, so never in (not(purchased()) says "never bought").
    return sql`c.customer_id IN (SELECT a.customer_id FROM ${a.table} WHERE ${a.where} GROUP BY a.customer_id
      HAVING ${range(sql`${day(ctx)} - max(CAST(${a.at} AS DATE))`, c.min, c.max)})`;
  }
  const measure =
    c.metric === 'order_count' ? sql`count(*)` : sql`sum(a.net_amount - COALESCE(a.refund_amount, 0))`;
  // A customer without purchases has 0 of both: in when 0 is in the range.
  const zeroIn = (c.min === undefined || c.min <= 0) && (c.max === undefined || c.max >= 0);
  const grouped = (having: SQLQuery) =>
    sql`SELECT a.customer_id FROM ${a.table} WHERE ${a.where} GROUP BY a.customer_id HAVING ${having}`;
  return zeroIn
    ? sql`c.customer_id NOT IN (${grouped(sql`NOT (${range(measure, c.min, c.max)})`)})`
    : sql`c.customer_id IN (${grouped(range(measure, c.min, c.max))})`;
}

function rfm(c: Extract<Condition, { kind: 'rfm' }>, ctx: Context): SQLQuery {
  const parts = [latestRun('marts.rfm_scores', 'r', ctx)];
  if (c.segments) parts.push(sql`r.segment IN (${list(c.segments)})`);
  for (const s of ['r', 'f', 'm'] as const) {
    const bounds = c[s];
    if (bounds) parts.push(sql`${raw(`r.${s}_score`)} BETWEEN ${int(bounds[0])} AND ${int(bounds[1])}`);
  }
  return sql`c.customer_id IN (SELECT r.customer_id FROM marts.rfm_scores r WHERE ${sql.join(parts, sql` AND `)})`;
}

/**
 * A customer's accounts are the account codes of their source records (CRM contacts carry one);
 * the condition holds when any of them matches at the latest health run on or before as_of, so a
 * contact of a red and of a green account is in both `red` and `green`, and `not(red)` means none
 * of their accounts is red. An account without a row in that run has no score and matches nothing.
 */
function health(c: HealthCondition, ctx: Context): SQLQuery {
  // Columns from a closed choice, never from the user's text.
  const [band, score] = c.rollup ? ['h.rollup_band', 'h.rollup_score'] : ['h.band', 'h.score'];
  const parts = [latestRun('marts.health_scores', 'h', ctx)];
  if (c.bands) parts.push(sql`${raw(band)} IN (${list(c.bands)})`);
  if (c.min !== undefined || c.max !== undefined) parts.push(range(raw(score), c.min, c.max));
  return sql`c.customer_id IN (SELECT r.customer_id FROM core.source_records r
    JOIN marts.health_scores h ON h.account_code = r.account_code
    WHERE r.customer_id IS NOT NULL AND ${sql.join(parts, sql` AND `)})`;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Month*100+day of every birthday that falls from as_of to as_of + days. A Feb 29 birthday is
 * celebrated on Feb 28 in a year without Feb 29 (the rule most civil codes use for coming of age).
 */
export function birthdayKeys(asOf: string, days: number): number[] {
  const keys = new Set<number>();
  const start = new Date(`${asOf}T00:00:00Z`);
  for (let i = 0; i <= days; i++) {
    const d = new Date(start.getTime() + i * 86_400_000);
    const m = d.getUTCMonth() + 1;
    const dd = d.getUTCDate();
    keys.add(m * 100 + dd);
    if (m === 2 && dd === 28 && !isLeap(d.getUTCFullYear())) keys.add(229);
  }
  return [...keys].sort((a, b) => a - b);
}

function birthday(withinDays: number, ctx: Context): SQLQuery {
  const md = sql`CAST(EXTRACT(month FROM c.birth_date) AS INTEGER) * 100 + CAST(EXTRACT(day FROM c.birth_date) AS INTEGER)`;
  const keys = birthdayKeys(ctx.scope.asOf, withinDays);
  return sql`COALESCE(${md} IN (${sql.join(
    keys.map((k) => int(k)),
    sql`, `,
  )}), FALSE)`;
}

function consent(purpose: string, channel: string, ctx: Context): SQLQuery {
  // The latest event decides; at equal times a withdrawal wins (sorted first).
  return sql`c.customer_id IN (SELECT customer_id FROM (
      SELECT k.customer_id, k.status, ROW_NUMBER() OVER (PARTITION BY k.customer_id
        ORDER BY k.occurred_at DESC, CASE WHEN k.status = 'granted' THEN 1 ELSE 0 END) AS rn
      FROM core.consents k
      WHERE k.customer_id IS NOT NULL AND k.purpose = ${purpose} AND k.channel = ${channel}
        AND CAST(k.occurred_at AS DATE) <= ${day(ctx)} AND k.occurred_at <= ${ctx.scope.now}
    ) latest WHERE rn = 1 AND status = 'granted')`;
}

function compile(c: Condition, ctx: Context): SQLQuery {
  switch (c.kind) {
    case 'and':
      return sql`(${sql.join(
        c.conditions.map((x) => compile(x, ctx)),
        sql` AND `,
      )})`;
    case 'or':
      return sql`(${sql.join(
        c.conditions.map((x) => compile(x, ctx)),
        sql` OR `,
      )})`;
    case 'not':
      return sql`NOT (${compile(c.condition, ctx)})`;
    case 'rfm':
      return rfm(c, ctx);
    case 'tag': {
      const values = c.values ? sql` AND t.value IN (${list(c.values)})` : sql``;
      return sql`c.customer_id IN (SELECT t.customer_id FROM marts.customer_tags t
        WHERE ${latestRun('marts.customer_tags', 't', ctx)} AND t.tag = ${c.tag}${values})`;
    }
    case 'metric':
      return metric(c, ctx);
    case 'attribute':
      // The column comes from the schema's closed list, never from the user's text.
      return sql`COALESCE(${raw(`c.${c.attribute}`)} IN (${list(c.values)}), FALSE)`;
    case 'consent':
      return consent(c.purpose, c.channel, ctx);
    case 'health':
      return health(c, ctx);
    case 'purchased':
    case 'event':
      return activity(c, ctx);
    case 'birthday':
      return birthday(c.withinDays, ctx);
    case 'segment':
      return sql`(${segmentPredicate(c.segment, ctx)})`;
    case 'sql':
      // The documented escape hatch: trusted config, spliced as written.
      return sql`COALESCE((${raw(c.where)}), FALSE)`;
  }
}

function segmentPredicate(name: string, ctx: Context): SQLQuery {
  if (ctx.stack.includes(name)) {
    throw new SegmentCycleError([...ctx.stack.slice(ctx.stack.indexOf(name)), name]);
  }
  const def = ctx.segments[name];
  if (!def) {
    const from = ctx.stack.at(-1) ?? name;
    throw new SegmentDefinitionError(
      `unknown segment "${name}" referenced by "${from}" (defined: ${Object.keys(ctx.segments).sort().join(', ')})`,
      from,
      [from, 'where'],
    );
  }
  return compile(def.where, { ...ctx, stack: [...ctx.stack, name] });
}

/**
 * A boolean SQL expression over `c` (core.customers) for one condition; `segments` resolves segment
 * conditions and `within` names the segment the condition belongs to, for cycle detection.
 */
export function compileCondition(
  condition: Condition,
  segments: Segments,
  scope: SegmentScope,
  within?: string,
): SQLQuery {
  return compile(condition, { scope, segments, stack: within === undefined ? [] : [within] });
}

/** `SELECT customer_id FROM core.customers c WHERE ...` for one named segment. */
export function segmentQuery(name: string, segments: Segments, scope: SegmentScope): SQLQuery {
  const where = segmentPredicate(name, { scope, segments, stack: [] });
  return sql`SELECT c.customer_id FROM core.customers c WHERE ${where}`;
}
