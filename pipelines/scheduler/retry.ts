import { JobTimeoutError } from './errors.ts';

/** How long one attempt may take and how failures are retried. */
export interface RetryPolicy {
  /** Further attempts after the first fails. */
  readonly retries: number;
  /** Wait before the first retry; doubled for each later one. */
  readonly backoffMs: number;
  /** Cap of the wait. */
  readonly maxBackoffMs: number;
  readonly timeoutMs: number;
  /**
   * After a timeout, how long the attempt may take to stop once its signal is aborted (default
   * 30 s). One still running then is abandoned: not retried, because it may still write.
   */
  readonly graceMs?: number;
}

/** What one attempt is given: its number (from 1) and a signal aborted at timeout or shutdown. */
export interface Attempt {
  readonly attempt: number;
  readonly signal: AbortSignal;
}

/** A failed attempt, as reported to `onFailure`. */
export interface AttemptFailure {
  readonly attempt: number;
  readonly error: unknown;
  /** The wait before the next attempt, or null when there is none. */
  readonly retryInMs: number | null;
}

export interface RetryOptions {
  /** Shutdown: aborts the running attempt's signal and stops further attempts. */
  readonly signal?: AbortSignal;
  /** Whether an error is worth another attempt (default: every error but an abandoned timeout). */
  readonly isRetryable?: (error: unknown) => boolean;
  /** Called after each failed attempt, before the wait: the place to log it. */
  readonly onFailure?: (failure: AttemptFailure) => void;
}

/** The retry and timeout settings of a job, in milliseconds. */
export function retryPolicy(job: {
  retries: number;
  retryBackoffSeconds: number;
  retryBackoffMaxSeconds: number;
  timeoutSeconds: number;
}): RetryPolicy {
  return {
    retries: job.retries,
    backoffMs: job.retryBackoffSeconds * 1000,
    maxBackoffMs: job.retryBackoffMaxSeconds * 1000,
    timeoutMs: job.timeoutSeconds * 1000,
  };
}

/** The wait before attempt `attempt + 1` after attempt `attempt` failed: doubling, capped. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (attempt - 1));
}

/**
 * Runs `fn` until it succeeds, at most 1 + retries times, each attempt under the timeout. The
 * attempt's signal is aborted at its timeout (reason: JobTimeoutError) or at shutdown (reason: the
 * shutdown's); a job passes it to its queries and stops, rolling back. A shutdown ends the
 * retries: the error of the interrupted attempt, or the shutdown reason during a wait, is thrown.
 * After the last attempt its error is thrown.
 */
export async function runWithRetries<T>(
  job: string,
  fn: (attempt: Attempt) => Promise<T>,
  policy: RetryPolicy,
  opts: RetryOptions = {},
): Promise<{ value: T; attempts: number }> {
  const retryable = opts.isRetryable ?? ((e: unknown) => !(e instanceof JobTimeoutError && e.abandoned));
  for (let attempt = 1; ; attempt++) {
    opts.signal?.throwIfAborted();
    try {
      return { value: await runAttempt(job, fn, attempt, policy, opts.signal), attempts: attempt };
    } catch (error) {
      const last = attempt > policy.retries || opts.signal?.aborted || !retryable(error);
      const retryInMs = last ? null : backoffMs(policy, attempt);
      opts.onFailure?.({ attempt, error, retryInMs });
      if (retryInMs === null) throw error;
      await sleep(retryInMs, opts.signal);
    }
  }
}

async function runAttempt<T>(
  job: string,
  fn: (attempt: Attempt) => Promise<T>,
  attempt: number,
  policy: RetryPolicy,
  outer: AbortSignal | undefined,
): Promise<T> {
  const controller = new AbortController();
  const onOuter = (): void => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuter, { once: true });
  const work = Promise.resolve().then(() => fn({ attempt, signal: controller.signal }));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), policy.timeoutMs);
  });
  try {
    const first = await Promise.race([
      work.then(
        () => 'done' as const,
        () => 'done' as const,
      ),
      timedOut,
    ]);
    if (first === 'done') return await work;
    controller.abort(new JobTimeoutError(job, policy.timeoutMs, attempt, false));
    // Whatever the job makes of the abort stands (it may finish its commit); only a job that
    // ignores it is left behind.
    const settled = await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), policy.graceMs ?? 30_000))),
    ]);
    if (!settled) throw new JobTimeoutError(job, policy.timeoutMs, attempt, true);
    try {
      return await work;
    } catch (cause) {
      if (cause === controller.signal.reason) throw cause;
      throw new JobTimeoutError(job, policy.timeoutMs, attempt, false, { cause });
    }
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuter);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
