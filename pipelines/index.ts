// The pipelines layer's public face: config, logging, job runs, status.
export { defineConfig } from './config/define-config.ts';
export { CdpConfigSchema, DEFAULT_CONFIG, type CdpConfig, type CdpConfigInput } from './config/schema.ts';
export { loadConfig, parseConfig, DEFAULT_CONFIG_FILE, type LoadedConfig } from './config/load.ts';
export { ConfigError } from './config/errors.ts';
export { createLogger, type Logger, type LogFormat, type Progress } from './log.ts';
export { recordRun, type JobOutcome } from './job-runs.ts';
export { tableCounts, recentRuns, quarantineCounts, type TableCount } from './status.ts';
export { openProjectWarehouse } from './open-project.ts';
export { runDemo, type DemoResult, type DemoStep } from './demo.ts';
export { demoSteps, demoConfig } from './demo-steps.ts';
export { runIngest } from './ingest-job.ts';
export {
  runIdentityJob,
  evaluateIdentity,
  unmergeCustomer,
  splitCustomer,
  type TruthSource,
} from './identity-job.ts';
export {
  decideReview,
  listReview,
  parseRecordRef,
  IdentityDecisionError,
  TruthFileError,
} from '../identity/index.ts';
export { runValueModelJob, runHealthJob, runForecastJob, runKpisJob, todayIn } from './models-job.ts';
export { validateHealthModel, type HealthValidation, type ForecastSummary } from '../models/index.ts';
export { VALUE_MODELS, type ValueModel, type ValueModelReport } from '../models/index.ts';
export { projectTarget } from './open-project.ts';
export {
  projectJobs,
  runJobNow,
  runMany,
  JobFailedError,
  type ProjectJobs,
  type RunEnvironment,
  type ManyResult,
} from './jobs/runner.ts';
export { runScheduler, latestRuns, type Tick } from './jobs/schedule.ts';
export type { CatalogJob, JobRunResult } from './jobs/catalog.ts';
export {
  acquireJobLock,
  asOfDates,
  handleShutdown,
  JobGraphError,
  JobLockedError,
  CronExpressionError,
  DateRangeError,
  ShutdownRequestedError,
  type Shutdown,
} from './scheduler/index.ts';
export { projectSegments, runSegmentsJob, previewSegment, explainSegment } from './segments-job.ts';
export {
  SegmentDefinitionError,
  SegmentCycleError,
  SegmentValidationError,
  SegmentRunOrderError,
  type Explanation,
} from '../segments/index.ts';
export { runExportJob, resolvedDestination, checkDestinationSegments } from './destinations-job.ts';
export {
  segmentLift,
  DestinationError,
  SegmentNotReadyError,
  DestinationUnavailableError,
  SuppressionListError,
} from '../destinations/index.ts';
export {
  createPullApi,
  pullTokens,
  pullDestinations,
  PullTokenError,
  type PullRequestLog,
  type PullServer,
} from '../destinations/index.ts';
