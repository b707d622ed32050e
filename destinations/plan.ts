import { sql, type Dialect, type Queryable, type SQLQuery } from '../warehouse/index.ts';
import type { Destination } from './config.ts';
import { latestConsent } from './consent.ts';
import { EXPORT_LOG_COLUMN_LIST } from './export-log.ts';
import type { SuppressionKeys } from './suppression.ts';

/** What a sync decided, by action and status; `pending` rows go out, the others are only recorded. */
export interface PlanCounts {
  readonly adds: number;
  readonly removes: number;
  readonly heldOut: number;
  readonly suppressed: number;
  readonly noConsent: number;
  readonly capped: number;
  /** Rows written to ops.export_log. */
  readonly rows: number;
}

const raw = sql.__dangerous__rawValue;
let stageSeq = 0;

/**
 * Whether a customer is suppressed, over `c` (core.customers) and `i.customer_id`: the list values
 * are normalised in Node (suppression.ts) into a temporary table; the customer's email is compared
 * trimmed and lower-cased, the phone by its digits without China's 86 country code. The pull API
 * (suppression.ts `has`) compares in Node; both agree because core emails are validated ASCII,
 * already trimmed and lower-cased at ingest (connectors' normaliseEmail), so SQL's and JS's trim and
 * lower() differences on other characters never come into play.
 */
function suppressedExpr(table: string | null): SQLQuery {
  if (table === null) return sql`FALSE`;
  const t = raw(table);
  const digits = sql`regexp_replace(c.phone, '[^0-9]', '', 'g')`;
  const phone = sql`CASE WHEN length(${digits}) = 13 AND substr(${digits}, 1, 2) = '86'
    THEN substr(${digits}, 3) ELSE ${digits} END`;
  return sql`(i.customer_id IN (SELECT v FROM ${t} WHERE kind = 'id')
    OR COALESCE(lower(trim(c.email)) IN (SELECT v FROM ${t} WHERE kind = 'email'), FALSE)
    OR COALESCE(${phone} IN (SELECT v FROM ${t} WHERE kind = 'phone'), FALSE))`;
}

/** The holdout of the campaign: holdout.ts's hash split, computed by the engine. */
function heldOutExpr(dialect: Dialect, dest: Destination): SQLQuery {
  if (!dest.holdout || dest.holdout.percent <= 0) return sql`FALSE`;
  // isHeldOut: (hash / 2^32) * 100 < percent, in doubles, in this order, so the split is bit-identical.
  const hash = raw(
    dialect.sha256Uint32([`CAST(${sqlText(dest.holdout.campaign)} AS VARCHAR)`, 'i.customer_id']),
  );
  return sql`(CAST(${hash} AS DOUBLE PRECISION) / CAST(4294967296 AS DOUBLE PRECISION)) * CAST(100 AS DOUBLE PRECISION)
    < CAST(${dest.holdout.percent} AS DOUBLE PRECISION)`;
}

// The campaign is a config name (lower-case letters, digits, _), checked by the schema.
const sqlText = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * Plans a sync in the engine and writes its decisions to ops.export_log as one INSERT ... SELECT,
 * so no person passes through Node. Who is looked at: the segment's current members and everyone
 * the destination holds now (whose remove may be due). Removes always go out (a person who left,
 * withdrew or was suppressed must be taken off the receiver's list); adds pass consent (as of
 * `now`), suppression, the holdout and the frequency cap, in that order. Somebody the receiver
 * already has, or who is already held out, is left alone; an unchanged exclusion is logged once.
 * Pending rows are numbered into batches: removes first, then adds, each by customer ID.
 */
export async function writePlan(
  tx: Queryable,
  dialect: Dialect,
  p: {
    readonly name: string;
    readonly dest: Destination;
    readonly syncId: string;
    readonly now: Date;
    readonly suppression: SuppressionKeys;
  },
): Promise<PlanCounts> {
  const { name, dest, now } = p;
  const cap = dest.frequencyCap;
  const since = cap ? new Date(now.getTime() - cap.perDays * 86_400_000) : now;
  const campaign = dest.holdout?.campaign ?? null;
  const stage = await stageSuppression(tx, p.suppression);
  try {
    const latest = (where: SQLQuery) => sql`
      SELECT customer_id, action, status FROM (
        SELECT customer_id, action, status,
          ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY logged_at DESC, sync_id DESC) AS rn
        FROM ops.export_log WHERE destination = ${name} AND ${where}
      ) l WHERE rn = 1`;
    const capped = cap ? sql`f.recent >= ${sql`CAST(${cap.max} AS INTEGER)`}` : sql`FALSE`;
    const cappedDetail = cap ? ` sent on ${dest.channel} in ${cap.perDays} days (cap ${cap.max})` : '';
    const size = dest.type === 'webhook' ? dest.batchSize : null;
    const order = sql`CASE WHEN d.action = 'remove' THEN 0 ELSE 1 END, ${raw(dialect.byCodePoint('d.customer_id'))}`;
    // Batches of `size` in the order above; a file sync is one batch.
    const batch =
      size === null
        ? sql`CAST(1 AS INTEGER)`
        : sql`CAST(floor(CAST(ROW_NUMBER() OVER (PARTITION BY d.status = 'pending' ORDER BY ${order}) - 1 AS DOUBLE PRECISION)
            / ${sql`CAST(${size} AS DOUBLE PRECISION)`}) + 1 AS INTEGER)`;
    const leave = sql`(NOT f.in_segment OR f.exclusion IS NOT NULL)`;
    await tx.query(sql`
      INSERT INTO ops.export_log (${raw(EXPORT_LOG_COLUMN_LIST)})
      WITH state AS (
        ${latest(sql`(status = 'sent' OR (status = 'held_out' AND campaign = CAST(${campaign} AS VARCHAR)))`)}
      ), last AS (
        ${latest(sql`status NOT IN ('pending', 'failed')`)}
      ), consent AS (
        ${latestConsent(dest, now)}
      ), recent AS (
        SELECT customer_id, count(*) AS n FROM ops.export_log
        WHERE channel = ${dest.channel} AND action = 'add' AND status = 'sent' AND logged_at > ${since}
          -- A pull is a receiver fetching a list, not a message to the person: it does not use up a cap.
          AND sync_id NOT LIKE 'pull-%'
        GROUP BY customer_id
      ), ids AS (
        -- The members and everyone the destination holds; each input is read once, so Postgres
        -- plans it inline (a CTE read twice is materialised without statistics).
        SELECT COALESCE(m.customer_id, s.customer_id) AS customer_id,
          m.customer_id IS NOT NULL AS in_segment, s.action, s.status
        FROM (SELECT customer_id FROM marts.segment_members WHERE segment = ${dest.segment}) m
        FULL JOIN state s ON s.customer_id = m.customer_id
        WHERE m.customer_id IS NOT NULL OR s.action = 'add'
      ), facts AS (
        SELECT i.customer_id, i.in_segment,
          CASE WHEN COALESCE(k.status = 'granted', FALSE) = FALSE THEN 'no_consent'
            WHEN ${suppressedExpr(stage)} THEN 'suppressed' END AS exclusion,
          COALESCE(i.action = 'add' AND i.status = 'sent', FALSE) AS present,
          COALESCE(i.action = 'add' AND i.status = 'held_out', FALSE) AS held,
          CASE WHEN l.action = 'add' THEN l.status END AS last_add,
          COALESCE(n.n, 0) AS recent,
          ${heldOutExpr(dialect, dest)} AS hashed_out
        FROM ids i
        LEFT JOIN last l ON l.customer_id = i.customer_id
        LEFT JOIN consent k ON k.customer_id = i.customer_id
        LEFT JOIN recent n ON n.customer_id = i.customer_id
        ${stage === null ? sql`` : sql`LEFT JOIN core.customers c ON c.customer_id = i.customer_id`}
      ), d AS (
        SELECT f.customer_id,
          CASE
            WHEN ${leave} THEN CASE
              WHEN f.present THEN 'remove'
              WHEN f.held AND NOT f.in_segment THEN 'remove'
              WHEN NOT f.held AND f.exclusion IS NOT NULL AND COALESCE(f.last_add <> f.exclusion, TRUE) THEN 'add'
            END
            WHEN f.present OR f.held THEN NULL
            WHEN f.hashed_out THEN 'add'
            WHEN ${capped} THEN CASE WHEN COALESCE(f.last_add <> 'capped', TRUE) THEN 'add' END
            ELSE 'add'
          END AS action,
          CASE
            WHEN ${leave} THEN CASE
              WHEN f.present THEN 'pending'
              WHEN f.held AND NOT f.in_segment THEN 'held_out'
              ELSE f.exclusion
            END
            WHEN f.hashed_out THEN 'held_out'
            WHEN ${capped} THEN 'capped'
            ELSE 'pending'
          END AS status,
          CASE
            WHEN ${leave} THEN CASE WHEN f.present OR (f.held AND NOT f.in_segment)
              THEN CASE WHEN NOT f.in_segment THEN 'left_segment' ELSE f.exclusion END END
            WHEN f.hashed_out THEN NULL
            WHEN ${capped} THEN CAST(f.recent AS VARCHAR) || ${cappedDetail}
          END AS detail
        FROM facts f
      )
      SELECT ${name}, ${dest.segment}, ${p.syncId},
        CASE WHEN d.status = 'pending' THEN ${batch} END,
        d.customer_id, d.action, ${dest.channel}, ${dest.purpose}, CAST(${campaign} AS VARCHAR),
        d.status, d.detail, ${now}
      FROM d WHERE d.action IS NOT NULL`);
  } finally {
    if (stage !== null) await tx.exec(`DROP TABLE ${stage}`);
  }
  const { rows } = await tx.query<{ action: string; status: string; n: number }>(sql`
    SELECT action, status, count(*) AS n FROM ops.export_log
    WHERE destination = ${name} AND sync_id = ${p.syncId} GROUP BY action, status`);
  const count = (action: string, status: string) =>
    Number(rows.find((r) => r.action === action && r.status === status)?.n ?? 0);
  return {
    adds: count('add', 'pending'),
    removes: count('remove', 'pending'),
    heldOut: count('add', 'held_out'),
    suppressed: count('add', 'suppressed'),
    noConsent: count('add', 'no_consent'),
    capped: count('add', 'capped'),
    rows: rows.reduce((a, r) => a + Number(r.n), 0),
  };
}

/** The normalised suppression keys in a temporary table, or null when there are none. */
async function stageSuppression(tx: Queryable, keys: SuppressionKeys): Promise<string | null> {
  const rows = [
    ...[...keys.ids].map((v) => ['id', v]),
    ...[...keys.emails].map((v) => ['email', v]),
    ...[...keys.phones].map((v) => ['phone', v]),
  ];
  if (rows.length === 0) return null;
  const table = `cdp_suppressed_${process.pid}_${++stageSeq}`;
  await tx.exec(`CREATE TEMP TABLE ${table} (kind VARCHAR, v VARCHAR)`);
  await tx.load(
    table,
    [
      { name: 'kind', type: 'text' },
      { name: 'v', type: 'text' },
    ],
    [rows],
  );
  return table;
}
