import { sql, type SQLQuery } from '../../warehouse/index.ts';
import type { KpiConfig } from './config.ts';
import {
  attr,
  attrTime,
  byDimensions,
  count,
  flag,
  inList,
  int,
  mean,
  metricRows,
  ratio,
  secondsBetween,
  text,
  upTo,
  type KpiBounds,
} from './sql-parts.ts';

/** Dimensions of the lead metrics. */
export const LEAD_DIMENSIONS = ['lead_source'] as const;

/** `column` starts with `prefix` (LIKE would read the _ of 'crm_lead:' as a wildcard). */
function startsWith(column: SQLQuery, prefix: string): SQLQuery {
  return sql`substr(${column}, 1, ${int([...prefix].length)}) = ${text(prefix)}`;
}

/**
 * Lead funnel metrics by the day the lead was created, and opportunity metrics by the day the
 * opportunity was created, as one SELECT of kpi rows. A lead whose export stamps its stages
 * (attributes mql_at, sql_at, converted_at) is an MQL or SQL from that instant, as of the cutoff,
 * and has cycle times lead -> MQL -> SQL -> opportunity; a lead without stamps is judged by its
 * current status, which carries no times. An SQL is an MQL too, even if it skipped the stage.
 */
export function funnelKpis(config: KpiConfig, b: KpiBounds): SQLQuery {
  const f = config.funnel;
  const status = sql`lower(${attr(sql`l.attributes`, 'lead_status')})`;
  const stamp = (key: string) => attrTime(sql`l.attributes`, key);
  return sql`
    WITH stamped AS (
      SELECT l.source, l.source_key, l.source_created_at AS created,
        CAST(l.source_created_at AS DATE) AS day,
        ${attr(sql`l.attributes`, 'lead_source')} AS lead_source,
        ${attr(sql`l.attributes`, 'converted_contact_id')} AS contact_id,
        ${stamp('mql_at')} IS NOT NULL OR ${stamp('sql_at')} IS NOT NULL
          OR ${stamp('converted_at')} IS NOT NULL AS has_stamps,
        ${upTo(stamp('mql_at'), b.cutoff)} AS mql_at,
        ${upTo(stamp('sql_at'), b.cutoff)} AS sql_at,
        ${inList(status, f.mqlStatuses)} AS mql_status,
        ${inList(status, f.sqlStatuses)} AS sql_status
      FROM core.source_records l
      WHERE ${startsWith(sql`l.source_key`, f.leadKeyPrefix)}
        AND CAST(l.source_created_at AS DATE) BETWEEN ${b.from} AND ${b.asOf}
    ),
    leads AS (
      SELECT source, source_key, created, day, lead_source, contact_id, mql_at, sql_at,
        ${flag(sql`CASE WHEN has_stamps THEN mql_at IS NOT NULL OR sql_at IS NOT NULL ELSE mql_status OR sql_status END`)} AS mql,
        ${flag(sql`CASE WHEN has_stamps THEN sql_at IS NOT NULL ELSE sql_status END`)} AS sql_lead
      FROM stamped
    ),
    -- A converted lead's first opportunity: the earliest one of its contact's account created
    -- at or after the lead became an SQL (or was created, without stamps) and before the cutoff.
    first_opportunity AS (
      SELECT l.source, l.source_key, min(o.created_at) AS opportunity_at
      FROM leads l
      JOIN core.source_records c
        ON c.source = l.source AND c.source_key = ${text(f.contactKeyPrefix)} || l.contact_id
      JOIN core.opportunities o
        ON o.source = l.source AND o.account_code = c.account_code
          AND o.created_at >= COALESCE(l.sql_at, l.created) AND o.created_at < ${b.cutoff}
      WHERE l.sql_lead = 1
      GROUP BY l.source, l.source_key
    ),
    lead_facts AS (
      SELECT l.day, l.lead_source, l.mql, l.sql_lead,
        ${flag(sql`o.opportunity_at IS NOT NULL`)} AS opportunity,
        ${secondsBetween(sql`l.created`, sql`o.opportunity_at`)} AS to_opportunity_s,
        ${secondsBetween(sql`l.created`, sql`l.mql_at`)} AS to_mql_s,
        ${secondsBetween(sql`l.mql_at`, sql`l.sql_at`)} AS mql_to_sql_s,
        ${secondsBetween(sql`l.sql_at`, sql`o.opportunity_at`)} AS sql_to_opportunity_s
      FROM leads l
      LEFT JOIN first_opportunity o ON o.source = l.source AND o.source_key = l.source_key
    ),
    leads_agg AS (
      SELECT day, dimension, dimension_value, count(*) AS leads, sum(mql) AS mqls, sum(sql_lead) AS sqls,
        sum(opportunity) AS opportunities, sum(to_opportunity_s) AS to_opportunity_total,
        count(to_mql_s) AS timed_mqls, sum(to_mql_s) AS to_mql_total,
        count(mql_to_sql_s) AS timed_sqls, sum(mql_to_sql_s) AS mql_to_sql_total,
        count(sql_to_opportunity_s) AS timed_opportunities, sum(sql_to_opportunity_s) AS sql_to_opportunity_total
      FROM (${byDimensions('lead_facts', LEAD_DIMENSIONS)}) x
      GROUP BY day, dimension, dimension_value
    ),
    stages AS (
      SELECT source, opportunity_id,
        min(occurred_at) AS first_at,
        min(CASE WHEN ${inList(sql`status`, f.wonStages)} THEN occurred_at END) AS won_at,
        min(CASE WHEN ${inList(sql`status`, f.lostStages)} THEN occurred_at END) AS lost_at
      FROM (
        SELECT source, ${attr(sql`attributes`, 'opportunity_id')} AS opportunity_id, status, occurred_at
        FROM core.events
        WHERE event_type = 'opportunity_stage' AND occurred_at < ${b.cutoff}
      ) e
      GROUP BY source, opportunity_id
    ),
    opportunity_facts AS (
      SELECT created, CAST(created AS DATE) AS day,
        -- Closed by its first closing stage, as the day as_of ended.
        CASE WHEN won_at IS NOT NULL AND (lost_at IS NULL OR won_at <= lost_at) THEN won_at END AS won_at,
        ${flag(sql`won_at IS NOT NULL OR lost_at IS NOT NULL`)} AS closed
      FROM (
        SELECT COALESCE(o.created_at, s.first_at) AS created, s.won_at, s.lost_at
        FROM core.opportunities o
        LEFT JOIN stages s ON s.source = o.source AND s.opportunity_id = o.opportunity_id
      ) o
      WHERE CAST(created AS DATE) BETWEEN ${b.from} AND ${b.asOf}
    ),
    opportunities_agg AS (
      SELECT day, 'all' AS dimension, 'all' AS dimension_value, count(*) AS opportunities,
        sum(closed) AS closed, count(won_at) AS won, sum(${secondsBetween(sql`created`, sql`won_at`)}) AS to_won_total
      FROM opportunity_facts
      GROUP BY day
    )
    ${metricRows('leads_agg', [
      count('funnel.leads', 'leads'),
      ratio('funnel.lead_to_mql_rate', 'mqls', 'leads'),
      ratio('funnel.mql_to_sql_rate', 'sqls', 'mqls'),
      ratio('funnel.sql_to_opportunity_rate', 'opportunities', 'sqls'),
      ratio('funnel.lead_to_opportunity_rate', 'opportunities', 'leads'),
      mean('funnel.lead_to_opportunity_days', 'days', 'to_opportunity_total', 'opportunities'),
      mean('funnel.lead_to_mql_days', 'days', 'to_mql_total', 'timed_mqls'),
      mean('funnel.mql_to_sql_days', 'days', 'mql_to_sql_total', 'timed_sqls'),
      mean('funnel.sql_to_opportunity_days', 'days', 'sql_to_opportunity_total', 'timed_opportunities'),
    ])}
    UNION ALL
    ${metricRows('opportunities_agg', [
      count('funnel.opportunities', 'opportunities'),
      ratio('funnel.win_rate', 'won', 'closed'),
      mean('funnel.opportunity_to_won_days', 'days', 'to_won_total', 'won'),
    ])}`;
}
