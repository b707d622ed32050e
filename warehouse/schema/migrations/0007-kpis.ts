import { col, req, type Migration, type TableDef } from '../table-def.ts';

const kpiDaily: TableDef = {
  name: 'marts.kpi_daily',
  grain: 'One metric for one day and one value of one dimension.',
  description:
    'Service, healthcare, funnel and data-quality KPIs (docs/kpis.md has every formula). Ticket metrics belong to the day the ticket was created, surveys to the day of the answer, appointments to their day, visits to the visit day, leads and opportunities to the day they were created; data-quality metrics (dq.*) describe the warehouse as the run found it and exist for day = as_of only. A run for as_of recomputes the days from as_of - windowDays + 1 to as_of (default 91) and replaces them, so each day holds its figures as of the latest run covering it; everything after the end of as_of counts as not yet happened. Ratios keep numerator and denominator so BI can re-aggregate them: sum(numerator) / sum(denominator) over days or dimension values, never an average of value. A day without data for a metric has no row.',
  primaryKey: ['day', 'metric', 'dimension', 'dimension_value'],
  keyIndex: 'postgres',
  columns: [
    req('as_of', 'date', 'The run that wrote the row (inclusive, in the warehouse time zone).'),
    req('day', 'date', 'The day the metric is about, in the warehouse time zone.'),
    req(
      'metric',
      'text',
      "Metric name with its family: 'service.csat', 'service.sla_first_response_rate', 'healthcare.arrival_rate', 'funnel.lead_to_mql_rate', 'dq.duplicate_rate', ... (docs/kpis.md).",
    ),
    req(
      'dimension',
      'text',
      "What the row is broken down by: 'all' (no breakdown), 'priority', 'channel', 'service_type', 'lead_source', 'source', 'record_kind', 'field' or 'source_field'.",
    ),
    req(
      'dimension_value',
      'text',
      "The dimension's value ('P1', 'wechat', 'pos', 'pos.phone'...); 'all' for the dimension 'all', 'unknown' where the item has none.",
    ),
    req(
      'value',
      'double',
      'The figure in `unit`: ratios as 0-1 (numerator / denominator), means as numerator / denominator, NPS as 100 x numerator / denominator, medians and hours-since as computed.',
    ),
    col(
      'numerator',
      'double',
      'Ratios: items meeting the condition; means: the total (in unit); NPS: promoters - detractors; counts: the count. NULL for medians and freshness.',
    ),
    col(
      'denominator',
      'double',
      'Ratios and NPS: the items measured (valid answers, decided tickets, valid appointments...); means and medians: the items averaged. NULL for counts and freshness.',
    ),
    req(
      'unit',
      'text',
      "'ratio' (0-1), 'minutes', 'hours', 'days', 'nps' (-100 to 100), 'count' or 'records' (records per customer).",
    ),
  ],
};

/** KPI metrics (issue 6). */
export const migration0007: Migration = {
  version: 7,
  name: 'kpi metrics',
  steps: [{ kind: 'createTable', table: kpiDaily }],
};
