import { sql, type Queryable, type SQLQuery } from '../../warehouse/index.ts';
import type { HealthConfig } from './config.ts';

/** What the engine aggregates per account at an as_of; the 0-100 rules are applied in score.ts. */
export interface AccountSignals {
  readonly accountCode: string;
  readonly level: string | null;
  readonly parent: string | null;
  readonly seats: number | null;
  readonly active7: number | null;
  readonly seats7: number | null;
  readonly avgActive30: number | null;
  readonly avgActivePrev60: number | null;
  readonly peakUtilisation30: number | null;
  /** Per key feature, its use over the last 30 days (null without usage rows). */
  readonly features: readonly (number | null)[];
  readonly csatAvg: number | null;
  readonly npsAnswers: number;
  readonly promoters: number;
  readonly detractors: number;
  readonly urgentTickets30: number;
  readonly daysToRenewal: number | null;
  readonly industry: string | null;
  readonly shipments30: number;
  readonly shipmentsPrev60: number;
  readonly delivered30: number;
  readonly onTime30: number;
  readonly tickets30: number;
  /** Machine telemetry: scheduled and running hours over the last 30 days and the 60 before. */
  readonly scheduled30: number | null;
  readonly running30: number | null;
  readonly scheduledPrev60: number | null;
  readonly runningPrev60: number | null;
  /** Running hours and failures over the last 90 days. */
  readonly running90: number | null;
  readonly failures90: number;
  /** Consumables ordered (amount) over the last 90 days and the 90 before. */
  readonly consumables90: number;
  readonly consumablesPrev90: number;
}

const dbl = (e: SQLQuery): SQLQuery => sql`CAST(${e} AS DOUBLE PRECISION)`;
const int = (n: number): SQLQuery => sql`CAST(${n} AS INTEGER)`;

/**
 * The raw signals of every account live at as_of (contract started, not churned) that has usage,
 * tickets, surveys, shipments or machines in the look-back windows: usage, surveys, shipments,
 * telemetry and failures over 90 days, tickets over 30, consumables orders over 180.
 */
export async function readAccountSignals(
  q: Queryable,
  config: HealthConfig,
  asOf: string,
): Promise<AccountSignals[]> {
  const d = sql`CAST(${asOf} AS DATE)`;
  const features = config.keyFeatures.map(
    (f, i) =>
      sql`sum(CASE WHEN u.d > ${d} - ${int(30)} THEN ${dbl(sql`u.features ->> CAST(${f} AS VARCHAR)`)} END) AS ${sql.__dangerous__rawValue(`f${i}`)}`,
  );
  const { rows } = await q.query<Record<string, unknown>>(sql`
    WITH live AS (
      SELECT account_code, level, parent_account_code, industry, renewal_date FROM core.accounts
      WHERE (churned_at IS NULL OR churned_at > ${d}) AND (contract_start IS NULL OR contract_start <= ${d})
    ),
    usage AS (
      SELECT account_code, CAST(occurred_at AS DATE) AS d,
        ${dbl(sql`attributes ->> 'active_users'`)} AS active,
        ${dbl(sql`attributes ->> 'seats'`)} AS seats,
        attributes -> 'features' AS features
      FROM core.events
      WHERE event_type = 'usage' AND account_code IS NOT NULL
        AND CAST(occurred_at AS DATE) <= ${d} AND CAST(occurred_at AS DATE) > ${d} - ${int(90)}
    ),
    usage_agg AS (
      SELECT u.account_code,
        max(u.seats) AS seats,
        sum(CASE WHEN u.d > ${d} - ${int(7)} THEN u.active END) AS active7,
        sum(CASE WHEN u.d > ${d} - ${int(7)} THEN u.seats END) AS seats7,
        avg(CASE WHEN u.d > ${d} - ${int(30)} THEN u.active END) AS avg30,
        avg(CASE WHEN u.d <= ${d} - ${int(30)} THEN u.active END) AS avg_prev60,
        max(CASE WHEN u.d > ${d} - ${int(30)} AND u.seats > 0 THEN u.active / u.seats END) AS peak30,
        ${sql.join(features, sql`, `)}
      FROM usage u GROUP BY u.account_code
    ),
    surveys AS (
      SELECT t.account_code,
        avg(${dbl(sql`s.attributes ->> 'csat'`)}) AS csat_avg,
        count(s.attributes ->> 'nps') AS nps_n,
        count(CASE WHEN ${dbl(sql`s.attributes ->> 'nps'`)} >= 9 THEN 1 END) AS promoters,
        count(CASE WHEN ${dbl(sql`s.attributes ->> 'nps'`)} <= 6 THEN 1 END) AS detractors
      FROM core.events s
      JOIN core.events t ON t.event_type = 'ticket' AND t.source = s.source AND t.event_id = (s.attributes ->> 'ticket_id')
      WHERE s.event_type = 'survey' AND t.account_code IS NOT NULL
        AND CAST(s.occurred_at AS DATE) <= ${d} AND CAST(s.occurred_at AS DATE) > ${d} - ${int(90)}
      GROUP BY t.account_code
    ),
    tickets AS (
      SELECT account_code,
        count(CASE WHEN (attributes ->> 'priority') IN ('P1', 'P2') THEN 1 END) AS urgent,
        count(*) AS all_tickets
      FROM core.events
      WHERE event_type = 'ticket' AND account_code IS NOT NULL
        AND CAST(occurred_at AS DATE) <= ${d} AND CAST(occurred_at AS DATE) > ${d} - ${int(30)}
      GROUP BY account_code
    ),
    equipment AS (
      SELECT account_code,
        sum(CASE WHEN event_type = 'telemetry' AND d > ${d} - ${int(30)} THEN scheduled END) AS sched30,
        sum(CASE WHEN event_type = 'telemetry' AND d > ${d} - ${int(30)} THEN running END) AS run30,
        sum(CASE WHEN event_type = 'telemetry' AND d <= ${d} - ${int(30)} AND d > ${d} - ${int(90)} THEN scheduled END) AS sched_prev60,
        sum(CASE WHEN event_type = 'telemetry' AND d <= ${d} - ${int(30)} AND d > ${d} - ${int(90)} THEN running END) AS run_prev60,
        sum(CASE WHEN event_type = 'telemetry' AND d > ${d} - ${int(90)} THEN running END) AS run90,
        count(CASE WHEN event_type = 'failure' AND d > ${d} - ${int(90)} THEN 1 END) AS failures90,
        sum(CASE WHEN event_type = 'parts_order' AND category = 'consumables' AND d > ${d} - ${int(90)} THEN amount END) AS cons90,
        sum(CASE WHEN event_type = 'parts_order' AND category = 'consumables' AND d <= ${d} - ${int(90)} THEN amount END) AS cons_prev90
      FROM (
        SELECT account_code, event_type, CAST(occurred_at AS DATE) AS d,
          ${dbl(sql`attributes ->> 'scheduled_hours'`)} AS scheduled,
          ${dbl(sql`attributes ->> 'running_hours'`)} AS running,
          attributes ->> 'category' AS category,
          ${dbl(sql`attributes ->> 'amount'`)} AS amount
        FROM core.events
        WHERE event_type IN ('telemetry', 'failure', 'parts_order') AND account_code IS NOT NULL
          AND CAST(occurred_at AS DATE) <= ${d} AND CAST(occurred_at AS DATE) > ${d} - ${int(180)}
      ) e
      GROUP BY account_code
    ),
    shipments AS (
      SELECT account_code,
        count(CASE WHEN CAST(occurred_at AS DATE) > ${d} - ${int(30)} THEN 1 END) AS ship30,
        count(CASE WHEN CAST(occurred_at AS DATE) <= ${d} - ${int(30)} THEN 1 END) AS ship_prev60,
        count(CASE WHEN CAST(occurred_at AS DATE) > ${d} - ${int(30)} AND (attributes ->> 'on_time') IS NOT NULL THEN 1 END) AS delivered30,
        count(CASE WHEN CAST(occurred_at AS DATE) > ${d} - ${int(30)} AND (attributes ->> 'on_time') = 'true' THEN 1 END) AS on_time30
      FROM core.events
      WHERE event_type = 'shipment' AND account_code IS NOT NULL
        AND CAST(occurred_at AS DATE) <= ${d} AND CAST(occurred_at AS DATE) > ${d} - ${int(90)}
      GROUP BY account_code
    )
    SELECT l.account_code, l.level, l.parent_account_code, l.industry,
      COALESCE(sh.ship30, 0) AS ship30, COALESCE(sh.ship_prev60, 0) AS ship_prev60,
      COALESCE(sh.delivered30, 0) AS delivered30, COALESCE(sh.on_time30, 0) AS on_time30,
      COALESCE(tk.all_tickets, 0) AS all_tickets,
      CAST(l.renewal_date - ${d} AS INTEGER) AS days_to_renewal,
      ua.seats, ua.active7, ua.seats7, ua.avg30, ua.avg_prev60, ua.peak30,
      ${sql.join(
        config.keyFeatures.map((_, i) => sql.__dangerous__rawValue(`ua.f${i}`)),
        sql`, `,
      )},
      sv.csat_avg, sv.nps_n, sv.promoters, sv.detractors, COALESCE(tk.urgent, 0) AS urgent,
      eq.sched30, eq.run30, eq.sched_prev60, eq.run_prev60, eq.run90,
      COALESCE(eq.failures90, 0) AS failures90, COALESCE(eq.cons90, 0) AS cons90,
      COALESCE(eq.cons_prev90, 0) AS cons_prev90
    FROM live l
    LEFT JOIN usage_agg ua ON ua.account_code = l.account_code
    LEFT JOIN surveys sv ON sv.account_code = l.account_code
    LEFT JOIN tickets tk ON tk.account_code = l.account_code
    LEFT JOIN shipments sh ON sh.account_code = l.account_code
    LEFT JOIN equipment eq ON eq.account_code = l.account_code
    WHERE ua.account_code IS NOT NULL OR sv.account_code IS NOT NULL OR tk.account_code IS NOT NULL
      OR sh.account_code IS NOT NULL OR eq.account_code IS NOT NULL
    ORDER BY l.account_code`);
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    accountCode: r.account_code as string,
    level: (r.level as string | null) ?? null,
    parent: (r.parent_account_code as string | null) ?? null,
    seats: num(r.seats),
    active7: num(r.active7),
    seats7: num(r.seats7),
    avgActive30: num(r.avg30),
    avgActivePrev60: num(r.avg_prev60),
    peakUtilisation30: num(r.peak30),
    features: config.keyFeatures.map((_, i) => num(r[`f${i}`])),
    csatAvg: num(r.csat_avg),
    npsAnswers: Number(r.nps_n ?? 0),
    promoters: Number(r.promoters ?? 0),
    detractors: Number(r.detractors ?? 0),
    urgentTickets30: Number(r.urgent ?? 0),
    daysToRenewal: num(r.days_to_renewal),
    industry: (r.industry as string | null) ?? null,
    shipments30: Number(r.ship30 ?? 0),
    shipmentsPrev60: Number(r.ship_prev60 ?? 0),
    delivered30: Number(r.delivered30 ?? 0),
    onTime30: Number(r.on_time30 ?? 0),
    tickets30: Number(r.all_tickets ?? 0),
    scheduled30: num(r.sched30),
    running30: num(r.run30),
    scheduledPrev60: num(r.sched_prev60),
    runningPrev60: num(r.run_prev60),
    running90: num(r.run90),
    failures90: Number(r.failures90 ?? 0),
    consumables90: Number(r.cons90 ?? 0),
    consumablesPrev90: Number(r.cons_prev90 ?? 0),
  }));
}
