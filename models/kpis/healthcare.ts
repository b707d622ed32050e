import { sql, type SQLQuery } from '../../warehouse/index.ts';
import type { KpiConfig } from './config.ts';
import {
  attr,
  byDimensions,
  count,
  flag,
  inList,
  int,
  metricRows,
  ratio,
  type KpiBounds,
  type MetricSpec,
} from './sql-parts.ts';

/** Dimensions of the appointment metrics. */
export const APPOINTMENT_DIMENSIONS = ['service_type'] as const;

/**
 * Clinic metrics as one SELECT of kpi rows: arrival and no-show rates of the valid appointments
 * booked for each day, and revisit rates of each day's visits (encounters).
 */
export function healthcareKpis(config: KpiConfig, b: KpiBounds): SQLQuery {
  const h = config.healthcare;
  const visit = inList(sql`status`, h.visitStatuses);
  const revisitCols = h.revisitDays.map(
    (n) =>
      sql`sum(${flag(sql`next_day IS NOT NULL AND next_day - day <= ${int(n)}`)}) AS ${sql.ident(`revisit_${n}`)}`,
  );
  const revisitMetrics = h.revisitDays.map((n) =>
    ratio(`healthcare.revisit_rate_${n}d`, `revisit_${n}`, 'visits'),
  );
  const appointmentMetrics: MetricSpec[] = [
    count('healthcare.appointments', 'valid'),
    ratio('healthcare.arrival_rate', 'arrived', 'valid'),
    ratio('healthcare.no_show_rate', 'no_shows', 'valid'),
  ];
  return sql`
    WITH encounters AS (
      SELECT source, event_id, customer_id, source_key, occurred_at,
        ${attr(sql`attributes`, 'appointment_id')} AS appointment_id
      FROM core.events
      WHERE event_type = 'encounter' AND occurred_at < ${b.cutoff} AND ${visit}
    ),
    attended AS (
      SELECT DISTINCT source, appointment_id FROM encounters WHERE appointment_id IS NOT NULL
    ),
    appointment_facts AS (
      SELECT a.day, a.service_type,
        ${flag(sql`a.came`)} AS arrived,
        ${flag(sql`NOT a.came AND ${inList(sql`a.status`, h.noShowStatuses)}`)} AS no_show
      FROM (
        SELECT CAST(e.occurred_at AS DATE) AS day, e.status,
          ${attr(sql`e.attributes`, 'service_type')} AS service_type,
          ${inList(sql`e.status`, h.arrivedStatuses)} OR x.appointment_id IS NOT NULL AS came
        FROM core.events e
        LEFT JOIN attended x ON x.source = e.source AND x.appointment_id = e.event_id
        WHERE e.event_type = 'appointment' AND ${inList(sql`e.status`, h.validStatuses)}
          AND CAST(e.occurred_at AS DATE) BETWEEN ${b.from} AND ${b.asOf}
      ) a
    ),
    appointments_agg AS (
      SELECT day, dimension, dimension_value,
        count(*) AS valid, sum(arrived) AS arrived, sum(no_show) AS no_shows
      FROM (${byDimensions('appointment_facts', APPOINTMENT_DIMENSIONS)}) x
      GROUP BY day, dimension, dimension_value
    ),
    -- A patient is the unified customer, else the patient record; one visit per patient and day.
    visit_days AS (
      SELECT DISTINCT COALESCE(customer_id, source || ':' || COALESCE(source_key, event_id)) AS patient,
        CAST(occurred_at AS DATE) AS day
      FROM encounters
      WHERE CAST(occurred_at AS DATE) >= ${b.from}
    ),
    revisits_agg AS (
      SELECT day, 'all' AS dimension, 'all' AS dimension_value, count(*) AS visits,
        ${sql.join(revisitCols, sql`, `)}
      FROM (
        SELECT patient, day, LEAD(day) OVER (PARTITION BY patient ORDER BY day) AS next_day FROM visit_days
      ) v
      GROUP BY day
    )
    ${metricRows('appointments_agg', appointmentMetrics)}
    UNION ALL
    ${metricRows('revisits_agg', [count('healthcare.visits', 'visits'), ...revisitMetrics])}`;
}
