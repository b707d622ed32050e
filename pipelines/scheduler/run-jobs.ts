import type { JobDag, JobStatus } from './dag.ts';

/** How one job of a run ended. */
export interface JobResult {
  readonly job: string;
  readonly status: JobStatus;
  /** What a failed job threw. */
  readonly error?: unknown;
  /** Why a skipped job did not run: "upstream failed: a, b" or "shutdown". */
  readonly reason?: string;
}

export interface RunJobsOptions {
  /** Shutdown: the running job sees it; no job starts after it. */
  readonly signal?: AbortSignal;
  /** Called for each job not run, e.g. to record it in ops.job_runs as 'skipped'. */
  readonly onSkip?: (job: string, reason: string) => Promise<void> | void;
}

/**
 * Runs jobs one at a time in graph order (`cdp run --all`, or a job with its dependencies). A job
 * below a failed one is skipped, and so is everything below it; jobs on other branches still run.
 * `run` throws, or returns 'failed' for a job that recorded its own failure, to fail a job.
 */
export async function runJobs(
  dag: JobDag,
  jobs: Iterable<string>,
  run: (job: string, signal: AbortSignal) => Promise<JobStatus | void>,
  opts: RunJobsOptions = {},
): Promise<JobResult[]> {
  const signal = opts.signal ?? new AbortController().signal;
  const statuses = new Map<string, JobStatus>();
  const results: JobResult[] = [];
  const skip = async (job: string, reason: string): Promise<void> => {
    statuses.set(job, 'skipped');
    results.push({ job, status: 'skipped', reason });
    await opts.onSkip?.(job, reason);
  };
  for (const job of dag.sort(jobs)) {
    if (signal.aborted) {
      await skip(job, 'shutdown');
      continue;
    }
    const blamed = dag.blocked(statuses).get(job);
    if (blamed) {
      await skip(job, `upstream failed: ${blamed.join(', ')}`);
      continue;
    }
    try {
      const status = (await run(job, signal)) ?? 'succeeded';
      statuses.set(job, status);
      results.push({ job, status });
    } catch (error) {
      statuses.set(job, 'failed');
      results.push({ job, status: 'failed', error });
    }
  }
  return results;
}
