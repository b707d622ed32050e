// The scheduler's public face: job specs, their graph, cron times, catch-up, locks, retries and
// shutdown. The CLI reaches it through pipelines/index.ts.
export {
  JobSpecSchema,
  JobsSchema,
  DEFAULT_JOB_SPEC,
  parseJobs,
  type JobSpec,
  type JobSpecInput,
  type Jobs,
} from './job-spec.ts';
export { resolveJobs, type BuiltinJob, type ResolvedJob, type JobSet } from './resolve-jobs.ts';
export { buildDag, type JobDag, type JobEdge, type JobNode, type JobStatus } from './dag.ts';
export { cronSchedule, cronProblem, type CronSchedule, type ScheduledTime } from './cron-times.ts';
export { dueRuns, type CatchUp, type DueOptions, type DueRuns } from './catch-up.ts';
export { asOfDates } from './as-of-dates.ts';
export { acquireJobLock, withJobLock, jobLockName, type JobLock, type JobLockOptions } from './lock.ts';
export {
  runWithRetries,
  retryPolicy,
  backoffMs,
  type RetryPolicy,
  type RetryOptions,
  type Attempt,
  type AttemptFailure,
} from './retry.ts';
export { handleShutdown, type Shutdown, type ShutdownOptions } from './shutdown.ts';
export { runJobs, type JobResult, type RunJobsOptions } from './run-jobs.ts';
export {
  JobGraphError,
  UnknownJobError,
  DuplicateJobError,
  JobCycleError,
  CronExpressionError,
  JobLockedError,
  JobTimeoutError,
  DateRangeError,
  ShutdownRequestedError,
} from './errors.ts';
