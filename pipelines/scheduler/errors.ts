import { describeHolder, type LockHolder } from '../../warehouse/index.ts';

/** The jobs do not form a valid graph: an unknown name, or a cycle. */
export class JobGraphError extends Error {
  override readonly name: string = 'JobGraphError';
}

/** A job names a job that does not exist (in dependsOn, or a configured built-in that is not one). */
export class UnknownJobError extends JobGraphError {
  override readonly name = 'UnknownJobError';
  constructor(
    /** The job whose declaration names the unknown one. */
    readonly job: string,
    readonly unknown: string,
    message: string,
  ) {
    super(message);
  }
}

/** Two jobs have one name: declared twice, or a SQL job named like a built-in one. */
export class DuplicateJobError extends JobGraphError {
  override readonly name = 'DuplicateJobError';
  constructor(
    readonly job: string,
    message: string,
  ) {
    super(message);
  }
}

/** Jobs depend on each other in a circle; `cycle` starts and ends with the same job. */
export class JobCycleError extends JobGraphError {
  override readonly name = 'JobCycleError';
  constructor(
    readonly cycle: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

/** A schedule is not a cron expression the scheduler can use. */
export class CronExpressionError extends Error {
  override readonly name = 'CronExpressionError';
  constructor(
    readonly job: string | null,
    readonly expression: string,
    readonly reason: string,
  ) {
    super(
      `${job === null ? 'schedule' : `job "${job}": schedule`} ${JSON.stringify(expression)} is not a valid cron expression: ${reason}`,
    );
  }
}

/** The job is running in another process (or another caller of this one) and did not finish in time. */
export class JobLockedError extends Error {
  override readonly name = 'JobLockedError';
  constructor(
    readonly job: string,
    readonly holder: LockHolder,
    readonly waitedMs: number,
  ) {
    const waited = waitedMs >= 1000 ? ` (waited ${Math.round(waitedMs / 1000)} s)` : '';
    super(
      `job "${job}" is already running: ${describeHolder(holder)}${waited}; wait for it to finish or stop that process, or retry with a wait`,
    );
  }
}

/** An attempt of a job ran past its timeout. */
export class JobTimeoutError extends Error {
  override readonly name = 'JobTimeoutError';
  constructor(
    readonly job: string,
    readonly timeoutMs: number,
    readonly attempt: number,
    /**
     * The attempt ignored the abort and was still running after the grace period: it may still
     * write, so it is not retried and the process should exit (which ends its transaction).
     */
    readonly abandoned: boolean,
    options?: { cause?: unknown },
  ) {
    super(
      `job "${job}" timed out after ${formatMs(timeoutMs)} (attempt ${attempt})${abandoned ? ' and did not stop when asked; exit the process to end it' : ''}`,
      options,
    );
  }
}

/** A backfill range that is not two days in order. */
export class DateRangeError extends Error {
  override readonly name = 'DateRangeError';
  constructor(
    readonly from: string,
    readonly to: string,
    message: string,
  ) {
    super(message);
  }
}

/** The process was asked to stop (SIGTERM, SIGINT); the abort reason of the shutdown signal. */
export class ShutdownRequestedError extends Error {
  override readonly name = 'ShutdownRequestedError';
  constructor(readonly signal: NodeJS.Signals) {
    super(`stopping: received ${signal}`);
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
