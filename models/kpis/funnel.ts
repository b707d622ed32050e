import { sql, type SQLQuery } from '../../warehouse/index.ts';
import type { KpiConfig } from './config.ts';
import {
  attr,
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
 * opportunity was created, as one SELECT of kpi rows. The CRM export carries each lead's current
 * status only, so MQL and SQL are statuses (the funnel's earlier stages implied by the later
 * ones) and the only cycle times are lead to opportunity and opportunity to won.
 */
export function funnelKpis(config: KpiConfig, b: KpiBounds): SQLQuery {
  const f = config.funnel;
  const status = sql`lower(${attr(sql`l.attributes`, 'lead_status')})`;
  return sql`
    WITH leads AS (
      SELECT l.source, l.source_key, l.source_created_at AS created,
        CAST(l.source_created_at AS DATE) AS day,
        ${attr(sql`l.attributes`, 'lead_source')} AS lead_source,
        ${attr(sql`l.attributes`, 'converted_contact_id')} AS contact_id,
        ${flag(inList(status, f.mqlStatuses))} AS mql,
        ${flag(inList(status, f.sqlStatuses))} AS sql_lead
      FROM core.source_records l
      WHERE ${startsWith(sql`l.source_key`, f.leadKeyPrefix)}
        AND CAST(l.source_created_at AS DATE) BETWEEN ${b.from} AND ${b.asOf}
    ),
    -- A converted lead's first opportunity: the earliest one of its contact's account created
    -- at or after the lead and before the cutoff.
    first_opportunity AS (
      SELECT l.source, l.source_key, min(o.created_at) AS opportunity_at
      FROM leads l
      JOIN core.source_records c
        ON c.source = l.source AND c.source_key = ${text(f.contactKeyPrefix)} || l.contact_id
      JOIN core.opportunities o
        ON o.source = l.source AND o.account_code = c.account_code
          AND o.created_at >= l.created AND o.created_at < ${b.cutoff}
      WHERE l.sql_lead = 1
      GROUP BY l.source, l.source_key
    ),
    lead_facts AS (
      SELECT l.day, l.lead_source, l.mql, l.sql_lead,
        ${flag(sql`o.opportunity_at IS NOT NULL`)} AS opportunity,
        ${secondsBetween(sql`l.created`, sql`o.opportunity_at`)} AS to_opportunity_s
      FROM leads l
      LEFT JOIN first_opportunity o ON o.source = l.source AND o.source_key = l.source_key
    ),
    leads_agg AS (
      SELECT day, dimension, dimension_value, count(*) AS leads, sum(mql) AS mqls, sum(sql_lead) AS sqls,
        sum(opportunity) AS opportunities, sum(to_opportunity_s) AS to_opportunity_total
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
    ])}
    UNION ALL
    ${metricRows('opportunities_agg', [
      count('funnel.opportunities', 'opportunities'),
      ratio('funnel.win_rate', 'won', 'closed'),
      mean('funnel.opportunity_to_won_days', 'days', 'to_won_total', 'won'),
    ])}`;
}
