// The models layer's public face: config schema and the customer value model runs.
export {
  ModelsConfigSchema,
  DEFAULT_MODELS_CONFIG,
  STANDARD_RFM_SEGMENTS,
  BUILT_IN_TAGS,
  type ModelsConfig,
  type ModelsConfigInput,
  type RfmSegmentRule,
  type RuleTag,
} from './config.ts';
export { EXCLUSION_REASONS, type ExclusionReason, type OrderUsage } from './counted-orders.ts';
export {
  runValueModel,
  runHealthModel,
  validateHealthModel,
  runForecastModel,
  VALUE_MODELS,
  type ValueModel,
  type ValueModelReport,
} from './run.ts';
export type { HealthReport, HealthValidation, HealthConfig } from './health/index.ts';
export type { ForecastSummary, AccuracySummary, SeriesKind } from './forecast-job.ts';
export { PipelineStageError, type PipelineInputs } from './forecast-pipeline.ts';
export {
  DEFAULT_STAGE_PROBABILITIES,
  DEFAULT_PIPELINE_CATEGORIES,
  type ForecastConfig,
  type PipelineForecastConfig,
} from './forecast-config.ts';
export { readClvHistories, type ClvHistory, type ClvFit } from './clv-write.ts';
export { forecastSeries, backtest, type SeriesForecast } from './forecast/index.ts';
// Seeded weekly sales with trend, yearly season and noise: for benchmarks and experiments.
export { mulberry32, simulateWeeklySales } from './forecast/simulate.ts';
export { runKpis, type KpiReport, type KpiConfig } from './kpis/index.ts';
