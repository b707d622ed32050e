import {
  acquireLock,
  WarehouseLockedError,
  type LockHolder,
  type WarehouseTarget,
} from '../../warehouse/index.ts';
import { JobLockedError } from './errors.ts';

/** A job's lock, held until `release` (idempotent) or the process ends. */
export interface JobLock {
  readonly job: string;
  release(): Promise<void>;
}

export interface JobLockOptions {
  /** How long to wait for another run of the job to finish; 0 (the default) fails at once. */
  readonly waitMs?: number;
  /** Time between tries while waiting (default 1 s). */
  readonly pollMs?: number;
  /** Shutdown: stops the wait, throwing its reason. */
  readonly signal?: AbortSignal;
  /** Called once when the lock is taken by someone else and the caller starts to wait. */
  readonly onWait?: (holder: LockHolder) => void;
}

/**
 * Takes the lock that keeps a job from running twice at once, across processes: a Postgres
 * session advisory lock, or a lock file beside the DuckDB file (see CONTEXT.md). Take it before
 * opening a DuckDB warehouse, which only one process can hold. Throws JobLockedError, naming the
 * holder's pid, host and start, when the job is still running after `waitMs`.
 */
export async function acquireJobLock(
  target: WarehouseTarget,
  job: string,
  opts: JobLockOptions = {},
): Promise<JobLock> {
  try {
    const lock = await acquireLock(target, jobLockName(job), {
      waitMs: opts.waitMs ?? 0,
      pollMs: opts.pollMs ?? 1000,
      signal: opts.signal,
      onWait: opts.onWait,
    });
    return { job, release: () => lock.release() };
  } catch (err) {
    if (err instanceof WarehouseLockedError) throw new JobLockedError(job, err.holder, err.waitedMs);
    throw err;
  }
}

/** Runs `fn` holding the job's lock, released however `fn` ends. */
export async function withJobLock<T>(
  target: WarehouseTarget,
  job: string,
  opts: JobLockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const lock = await acquireJobLock(target, job, opts);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}

/** The warehouse lock name of a job. */
export function jobLockName(job: string): string {
  return `job_${job}`;
}
