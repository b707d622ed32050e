import { sql, type SQLQuery } from '../../warehouse/index.ts';
import { businessCalendar, businessClock } from './calendar.ts';
import type { KpiConfig, SlaPolicy } from './config.ts';
import {
  attr,
  attrTime,
  byDimensions,
  count,
  dbl,
  epochSeconds,
  flag,
  int,
  mean,
  metricRows,
  ratio,
  secondsBetween,
  text,
  upTo,
  type KpiBounds,
  type MetricSpec,
} from './sql-parts.ts';

/** Dimensions of the ticket and survey metrics. */
export const SERVICE_DIMENSIONS = ['priority', 'channel'] as const;

/** The per-priority CASE of an SLA policy field. */
function byPriority(sla: KpiConfig['service']['sla'], pick: (p: SlaPolicy) => SQLQuery): SQLQuery {
  const whens = Object.entries(sla).map(([p, policy]) => sql`WHEN ${text(p)} THEN ${pick(policy)}`);
  return sql`CASE priority ${sql.join(whens, sql` `)} END`;
}

/**
 * Elapsed SLA seconds from creation to `end` (its calendar row `c`, or the cutoff when NULL):
 * wall-clock for '24x7' policies, business seconds for 'business' ones.
 */
function slaElapsed(config: KpiConfig, end: string, c: string): SQLQuery {
  const raw = sql.__dangerous__rawValue;
  const cal = config.service.calendar;
  const business = sql`(CASE WHEN ${raw(end)} IS NULL THEN cutoff_business ELSE ${businessClock(cal, raw(end), c)} END - ${businessClock(cal, sql`created`, 'c0')})`;
  const wall = sql`(CASE WHEN ${raw(end)} IS NULL THEN cutoff_s ELSE ${epochSeconds(raw(end))} END - ${epochSeconds(sql`created`)})`;
  return sql`CASE ${byPriority(config.service.sla, (p) => sql`${text(p.clock)}`)} WHEN '24x7' THEN ${wall} ELSE ${business} END`;
}

/**
 * Ticket and survey metrics by the day the ticket was created (surveys: the day of the answer),
 * as one SELECT of kpi rows. Every timestamp after the day as_of ended is treated as not yet
 * happened, so a rerun for the same as_of gives the same rows whatever arrived since.
 */
export function serviceKpis(config: KpiConfig, b: KpiBounds): SQLQuery {
  const s = config.service;
  const reopen = s.reopenDays * 86_400;
  // The next contact is a ticket of the window, so it was created before the cutoff.
  const repeated = sql`next_contact IS NOT NULL AND ${secondsBetween(sql`created`, sql`next_contact`)} <= ${int(s.repeatContactDays * 86_400)}`;
  const ticketsAgg = sql`
    SELECT day, dimension, dimension_value,
      count(*) AS tickets,
      count(fr) AS responded,
      sum(frt_s) AS frt_total,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${dbl(sql`frt_s`)}) AS frt_median,
      count(resolved) AS resolved_n,
      sum(resolution_s) AS resolution_total,
      count(handle_s) AS handled,
      sum(handle_s) AS handle_total,
      sum(ever_resolved) AS ever_resolved,
      sum(fcr) AS fcr,
      sum(reopened) AS reopened,
      sum(repeat_known) AS repeat_known,
      sum(repeated) AS repeated,
      sum(fr_met) AS fr_met,
      sum(fr_met) + sum(fr_missed) AS fr_decided,
      sum(res_met) AS res_met,
      sum(res_met) + sum(res_missed) AS res_decided
    FROM (${byDimensions('ticket_facts', SERVICE_DIMENSIONS)}) x
    GROUP BY day, dimension, dimension_value`;
  const surveysAgg = sql`
    SELECT day, dimension, dimension_value,
      count(csat) AS csat_answers,
      sum(${flag(sql`csat >= 4`)}) AS satisfied,
      count(nps) AS nps_answers,
      sum(${flag(sql`nps >= 9`)}) - sum(${flag(sql`nps <= 6`)}) AS nps_net
    FROM (${byDimensions('survey_facts', SERVICE_DIMENSIONS)}) x
    GROUP BY day, dimension, dimension_value`;
  const ticketMetrics: MetricSpec[] = [
    count('service.tickets', 'tickets'),
    mean('service.first_response_minutes', 'minutes', 'frt_total', 'responded'),
    {
      metric: 'service.first_response_minutes_median',
      unit: 'minutes',
      value: sql`frt_median / 60`,
      numerator: null,
      denominator: dbl(sql`responded`),
      when: sql`responded > 0`,
    },
    mean('service.resolution_minutes', 'minutes', 'resolution_total', 'resolved_n'),
    mean('service.handling_minutes', 'minutes', 'handle_total', 'handled'),
    ratio('service.first_contact_resolution_rate', 'fcr', 'ever_resolved'),
    ratio(`service.reopen_rate_${s.reopenDays}d`, 'reopened', 'ever_resolved'),
    ratio(`service.repeat_contact_rate_${s.repeatContactDays}d`, 'repeated', 'repeat_known'),
    ratio('service.sla_first_response_rate', 'fr_met', 'fr_decided'),
    ratio('service.sla_resolution_rate', 'res_met', 'res_decided'),
  ];
  const surveyMetrics: MetricSpec[] = [
    ratio('service.csat', 'satisfied', 'csat_answers'),
    {
      metric: 'service.nps',
      unit: 'nps',
      value: sql`${dbl(sql`100 * nps_net`)} / ${dbl(sql`nps_answers`)}`,
      numerator: dbl(sql`nps_net`),
      denominator: dbl(sql`nps_answers`),
      when: sql`nps_answers > 0`,
    },
  ];
  const created = sql`t.occurred_at`;
  return sql`
    WITH raw_tickets AS (
      SELECT t.source, t.event_id, t.customer_id, t.channel,
        ${attr(sql`t.attributes`, 'priority')} AS priority,
        ${attr(sql`t.attributes`, 'topic')} AS topic,
        ${created} AS created, CAST(${created} AS DATE) AS day,
        ${upTo(attrTime(sql`t.attributes`, 'first_response_at'), b.cutoff)} AS fr,
        ${upTo(attrTime(sql`t.attributes`, 'resolved_at'), b.cutoff)} AS rs,
        ${upTo(attrTime(sql`t.attributes`, 'reopened_at'), b.cutoff)} AS ro
      FROM core.events t
      WHERE t.event_type = 'ticket' AND CAST(${created} AS DATE) BETWEEN ${b.from} AND ${b.asOf}
    ),
    tickets AS (
      SELECT r.*,
        -- Reopened and not resolved since: open again, so not resolved.
        CASE WHEN ro IS NULL OR rs >= ro THEN rs END AS resolved,
        CASE WHEN customer_id IS NOT NULL AND topic IS NOT NULL THEN
          LEAD(created) OVER (PARTITION BY customer_id, topic ORDER BY created, source, event_id) END AS next_contact
      FROM raw_tickets r
    ),
    calendar AS (${businessCalendar(s.calendar, b.from, sql`${b.asOf} + ${int(1)}`)}),
    clock_at_cutoff AS (
      SELECT before_s AS cutoff_business, ${epochSeconds(b.cutoff)} AS cutoff_s
      FROM calendar WHERE d = ${b.asOf} + ${int(1)}
    ),
    ticket_clock AS (
      SELECT t.*, k.cutoff_business, k.cutoff_s,
        ${slaElapsed(config, 'fr', 'c1')} AS fr_elapsed,
        ${slaElapsed(config, 'resolved', 'c2')} AS res_elapsed,
        ${byPriority(s.sla, (p) => int(Math.round(p.firstResponseHours * 3600)))} AS fr_target,
        ${byPriority(s.sla, (p) => int(Math.round(p.resolutionHours * 3600)))} AS res_target
      FROM tickets t
      CROSS JOIN clock_at_cutoff k
      JOIN calendar c0 ON c0.d = t.day
      LEFT JOIN calendar c1 ON c1.d = CAST(t.fr AS DATE)
      LEFT JOIN calendar c2 ON c2.d = CAST(t.resolved AS DATE)
    ),
    ticket_facts AS (
      SELECT day, priority, channel, fr, resolved,
        ${secondsBetween(sql`created`, sql`fr`)} AS frt_s,
        ${secondsBetween(sql`created`, sql`resolved`)} AS resolution_s,
        ${secondsBetween(sql`fr`, sql`resolved`)} AS handle_s,
        ${flag(sql`resolved IS NOT NULL OR ro IS NOT NULL`)} AS ever_resolved,
        ${flag(sql`resolved IS NOT NULL AND ro IS NULL AND NOT (${repeated})`)} AS fcr,
        -- The export keeps only the last resolution: a reopen after a later resolution is timed
        -- from the first response, the latest instant the reopened resolution is known to follow.
        ${flag(sql`ro IS NOT NULL AND ${secondsBetween(sql`CASE WHEN rs <= ro THEN rs ELSE COALESCE(fr, created) END`, sql`ro`)} <= ${int(reopen)}`)} AS reopened,
        ${flag(sql`customer_id IS NOT NULL AND topic IS NOT NULL`)} AS repeat_known,
        ${flag(repeated)} AS repeated,
        ${flag(sql`fr_target IS NOT NULL AND fr IS NOT NULL AND fr_elapsed <= fr_target`)} AS fr_met,
        ${flag(sql`fr_target IS NOT NULL AND fr_elapsed > fr_target`)} AS fr_missed,
        ${flag(sql`res_target IS NOT NULL AND resolved IS NOT NULL AND res_elapsed <= res_target`)} AS res_met,
        ${flag(sql`res_target IS NOT NULL AND res_elapsed > res_target`)} AS res_missed
      FROM ticket_clock
    ),
    survey_facts AS (
      SELECT CAST(v.occurred_at AS DATE) AS day,
        ${attr(sql`t.attributes`, 'priority')} AS priority, t.channel,
        CASE WHEN ${dbl(attr(sql`v.attributes`, 'csat'))} BETWEEN 1 AND 5 THEN ${dbl(attr(sql`v.attributes`, 'csat'))} END AS csat,
        CASE WHEN ${dbl(attr(sql`v.attributes`, 'nps'))} BETWEEN 0 AND 10 THEN ${dbl(attr(sql`v.attributes`, 'nps'))} END AS nps
      FROM core.events v
      LEFT JOIN core.events t
        ON t.source = v.source AND t.event_type = 'ticket' AND t.event_id = ${attr(sql`v.attributes`, 'ticket_id')}
      WHERE v.event_type = 'survey' AND CAST(v.occurred_at AS DATE) BETWEEN ${b.from} AND ${b.asOf}
    ),
    tickets_agg AS (${ticketsAgg}),
    surveys_agg AS (${surveysAgg})
    ${metricRows('tickets_agg', ticketMetrics)}
    UNION ALL
    ${metricRows('surveys_agg', surveyMetrics)}`;
}
