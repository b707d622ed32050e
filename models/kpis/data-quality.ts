import { sql, type SQLQuery } from '../../warehouse/index.ts';
import { COMPLETENESS_FIELDS, type CompletenessField, type KpiConfig } from './config.ts';
import { dbl, epochSeconds, metricRows, ratio, text, type KpiBounds, type MetricSpec } from './sql-parts.ts';

/** Metrics of this prefix describe the warehouse as a run found it: they exist for day = as_of only. */
export const SNAPSHOT_PREFIX = 'dq.';

/**
 * A record's kind: its source key's prefix before the first ':' ('pos_member', 'pos_receipt',
 * 'his_patient'...), which every connector sets, or '(none)'. It tells master records (one per
 * person) from per-transaction ones (one per receipt, shipment, ticket), whose repeats are not
 * duplicates but returning customers.
 */
const recordKind = (key: SQLQuery): SQLQuery =>
  sql`CASE WHEN strpos(${key}, ':') > 0 THEN split_part(${key}, ':', 1) ELSE '(none)' END`;

/** Whether a record existed by the cutoff, as far as its source's own times tell. */
const knownBy = (cutoff: SQLQuery): SQLQuery =>
  sql`(COALESCE(s.source_created_at, s.source_updated_at) IS NULL OR COALESCE(s.source_created_at, s.source_updated_at) < ${cutoff})`;

function filledCount(f: CompletenessField): SQLQuery {
  return COMPLETENESS_FIELDS[f] === 'text'
    ? sql`sum(CASE WHEN TRIM(s.${sql.ident(f)}) <> '' THEN 1 ELSE 0 END)`
    : sql`count(s.${sql.ident(f)})`;
}

/** Hours from a source's latest time (a column of freshness_agg) to the reference instant. */
function hoursSince(metric: string, column: string): MetricSpec {
  const c = sql.__dangerous__rawValue(column);
  return {
    metric,
    unit: 'hours',
    value: sql`${dbl(sql`ref_s - ${epochSeconds(c)}`)} / 3600`,
    numerator: null,
    denominator: null,
    when: sql`${c} IS NOT NULL`,
  };
}

/**
 * Data-quality metrics on day = as_of as one SELECT of kpi rows: key-field completeness of the
 * customer records, duplicates among resolved records, and freshness per source.
 */
export function dataQualityKpis(config: KpiConfig, b: KpiBounds): SQLQuery {
  const fields = config.dataQuality.completenessFields;
  const raw = sql.__dangerous__rawValue;
  // Each table's newest time of the source's own (events, orders, record changes) and newest load,
  // both as known at the reference instant.
  const latest = (table: string, dataTime: string | null): SQLQuery => {
    const data = dataTime
      ? sql`max(CASE WHEN ${raw(dataTime)} <= ${b.reference} THEN ${raw(dataTime)} END)`
      : sql`CAST(NULL AS TIMESTAMPTZ)`;
    return sql`SELECT source, ${data} AS data_at,
      max(CASE WHEN ingested_at <= ${b.reference} THEN ingested_at END) AS ingested_at
      FROM ${raw(table)} GROUP BY source`;
  };
  return sql`
    WITH record_fields AS (
      SELECT source, kind, count(*) AS n,
        ${sql.join(
          fields.map((f) => sql`${filledCount(f)} AS ${sql.ident(`f_${f}`)}`),
          sql`, `,
        )}
      FROM (SELECT s.*, ${recordKind(sql`s.source_key`)} AS kind FROM core.source_records s WHERE ${knownBy(b.cutoff)}) s
      GROUP BY source, kind
    ),
    field_facts AS (
      SELECT a.source, a.kind, v.field, a.n,
        CASE v.field ${sql.join(
          fields.map((f) => sql`WHEN ${text(f)} THEN a.${sql.ident(`f_${f}`)}`),
          sql` `,
        )} END AS filled
      FROM record_fields a
      CROSS JOIN (VALUES ${sql.join(
        fields.map((f) => sql`(${text(f)})`),
        sql`, `,
      )}) AS v(field)
    ),
    completeness_agg AS (
      SELECT 'all' AS dimension, 'all' AS dimension_value, sum(filled) AS filled, sum(n) AS cells FROM field_facts
      UNION ALL SELECT 'source', source, sum(filled), sum(n) FROM field_facts GROUP BY source
      UNION ALL SELECT 'record_kind', kind, sum(filled), sum(n) FROM field_facts GROUP BY kind
      UNION ALL SELECT 'field', field, sum(filled), sum(n) FROM field_facts GROUP BY field
      UNION ALL SELECT 'source_field', source || '.' || field, sum(filled), sum(n) FROM field_facts GROUP BY source, field
    ),
    resolved AS (
      SELECT r.source, ${recordKind(sql`r.source_key`)} AS kind, r.customer_id
      FROM identity.records r
      JOIN core.source_records s ON s.source = r.source AND s.source_key = r.source_key
      WHERE ${knownBy(b.cutoff)}
    ),
    duplicates_agg AS (
      SELECT 'all' AS dimension, 'all' AS dimension_value, count(*) AS records,
        count(DISTINCT customer_id) AS customers
      FROM resolved
      UNION ALL SELECT 'source', source, count(*), count(DISTINCT customer_id) FROM resolved GROUP BY source
      UNION ALL SELECT 'record_kind', kind, count(*), count(DISTINCT customer_id) FROM resolved GROUP BY kind
    ),
    freshness_agg AS (
      SELECT 'source' AS dimension, source AS dimension_value, max(data_at) AS data_at,
        max(ingested_at) AS ingested_at, ${epochSeconds(b.reference)} AS ref_s
      FROM (
        ${latest('core.events', 'occurred_at')}
        UNION ALL ${latest('core.orders', 'ordered_at')}
        UNION ALL ${latest('core.source_records', 'COALESCE(source_updated_at, source_created_at)')}
        UNION ALL ${latest('core.consents', 'occurred_at')}
        UNION ALL ${latest('core.opportunities', 'COALESCE(updated_at, created_at)')}
        UNION ALL ${latest('core.accounts', null)}
      ) t
      GROUP BY source
    )
    ${metricRows('completeness_agg', [ratio('dq.field_completeness', 'filled', 'cells')], b.asOf)}
    UNION ALL
    ${metricRows(
      'duplicates_agg',
      [
        ratio('dq.duplicate_rate', 'records - customers', 'records'),
        { ...ratio('dq.records_per_customer', 'records', 'customers'), unit: 'records' },
      ],
      b.asOf,
    )}
    UNION ALL
    ${metricRows('freshness_agg', [hoursSince('dq.freshness_hours', 'data_at'), hoursSince('dq.ingest_age_hours', 'ingested_at')], b.asOf)}`;
}
