// KPI metrics (marts.kpi_daily): config schema and the run. Formulas in docs/kpis.md.
export {
  KpiConfigSchema,
  DEFAULT_KPI_CONFIG,
  DEFAULT_SLA,
  COMPLETENESS_FIELDS,
  type KpiConfig,
  type KpiConfigInput,
  type SlaPolicy,
  type BusinessCalendar,
  type CompletenessField,
} from './config.ts';
export { writeKpis, runKpis, type KpiScope, type KpiReport } from './write.ts';
export type { KpiUnit } from './sql-parts.ts';
