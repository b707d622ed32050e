import { sql, type Warehouse, type WarehouseTarget } from '../../warehouse/index.ts';
import type { LoadedConfig } from '../config/load.ts';
import { recordRun } from '../job-runs.ts';
import { todayIn } from '../models-job.ts';
import type { Logger } from '../log.ts';
import {
  acquireJobLock,
  resolveJobs,
  retryPolicy,
  runJobs,
  runWithRetries,
  type JobResult,
  type JobSet,
  type ResolvedJob,
} from '../scheduler/index.ts';
import { builtinJobs, type CatalogJob, type JobRunResult } from './catalog.ts';
import { runSqlStatements } from './sql-job.ts';

/** A project's jobs: the graph and settings, and the code of each built-in. */
export interface ProjectJobs {
  readonly set: JobSet;
  readonly builtins: ReadonlyMap<string, CatalogJob>;
}

/** Resolves the built-in jobs and jobs.config.ts's `jobs` into one graph (unknown names and cycles throw). */
export function projectJobs(loaded: LoadedConfig): ProjectJobs {
  const builtins = builtinJobs(loaded);
  return {
    set: resolveJobs(loaded.config.jobs, { builtins, timezone: loaded.config.warehouse.timezone }),
    builtins: new Map(builtins.map((b) => [b.name, b])),
  };
}

/** Where jobs run: the warehouse open in this process and the target its locks live on. */
export interface RunEnvironment {
  readonly wh: Warehouse;
  readonly target: WarehouseTarget;
  readonly loaded: LoadedConfig;
  readonly log: Logger;
  readonly jobs: ProjectJobs;
}

export interface RunOptions {
  /** The as_of of jobs that take one; default today in warehouse.timezone. */
  readonly asOf?: string | null;
  /** Shutdown: no job starts after it, and the running one sees it. */
  readonly signal?: AbortSignal;
  /** How long to wait for another run of the same job to finish (default 0: fail at once). */
  readonly waitMs?: number;
}

/**
 * Runs one job now: takes its lock (so it never runs twice at once, across processes), marks
 * runs of it that a killed process left 'running' as abandoned, and runs it with its timeout and
 * retries. Every attempt is a row in ops.job_runs.
 */
export async function runJobNow(
  env: RunEnvironment,
  name: string,
  opts: RunOptions = {},
): Promise<JobRunResult> {
  const job = env.jobs.set.get(name);
  const lock = await acquireJobLock(env.target, name, {
    waitMs: opts.waitMs ?? 0,
    signal: opts.signal,
    onWait: (h) => env.log.info(`${name}: waiting for the run of pid ${h.pid} on ${h.host} to finish`),
  });
  try {
    await abandonStaleRuns(env.wh, name);
    const { value } = await runWithRetries(
      name,
      ({ signal }) => runOnce(env, job, { asOf: opts.asOf ?? null, signal }),
      retryPolicy(job),
      {
        signal: opts.signal,
        onFailure: (f) =>
          env.log.warn(
            `${name}: attempt ${f.attempt} failed: ${f.error instanceof Error ? f.error.message : String(f.error)}${f.retryInMs === null ? '' : `; retrying in ${Math.round(f.retryInMs / 1000)} s`}`,
          ),
      },
    );
    return value;
  } finally {
    await lock.release();
  }
}

async function runOnce(
  env: RunEnvironment,
  job: ResolvedJob,
  ctx: { asOf: string | null; signal: AbortSignal },
): Promise<JobRunResult> {
  const builtin = env.jobs.builtins.get(job.name);
  if (builtin) {
    const r = await builtin.run({
      wh: env.wh,
      loaded: env.loaded,
      log: env.log,
      asOf: ctx.asOf,
      signal: ctx.signal,
    });
    // A job that recorded a failure (a file unreadable) is retried like one that threw.
    if (r.status === 'failed') throw new JobFailedError(job.name, r.summary);
    return r;
  }
  const asOf = ctx.asOf ?? todayIn(env.loaded.config.warehouse.timezone);
  const file = env.loaded.file ?? 'jobs.config.ts';
  const r = await recordRun(env.wh, job.name, asOf, async () => {
    const rows = await env.wh.transaction((tx) =>
      runSqlStatements(tx, file, job.name, job.sql ?? [], { ...job.params, as_of: asOf }),
    );
    return { rowsWritten: rows, details: { statements: job.sql?.length ?? 0 } };
  });
  return { status: 'succeeded', summary: `${job.sql?.length ?? 0} statements as of ${asOf}`, report: r };
}

/** A job that finished but recorded itself as failed. */
export class JobFailedError extends Error {
  override readonly name = 'JobFailedError';
  constructor(
    readonly job: string,
    summary: string,
  ) {
    super(`${job} failed: ${summary}`);
  }
}

/**
 * A run still 'running' while we hold the job's lock belongs to a process that died (kill -9, a
 * crash, a lost machine): its transaction rolled back with it, so it wrote nothing.
 */
async function abandonStaleRuns(wh: Warehouse, job: string): Promise<void> {
  await wh.query(sql`
    UPDATE ops.job_runs SET status = 'abandoned', finished_at = ${new Date()},
      error = 'the process running it ended before it finished (killed or crashed); nothing it did was kept'
    WHERE job = ${job} AND status = 'running'`);
}

/** One job's outcome in a multi-job run. */
export interface ManyResult extends JobResult {
  readonly summary?: string;
  readonly seconds: number;
}

/**
 * Runs jobs in graph order: `cdp run --all`, `cdp run <job> --with-deps`, a scheduler tick. Jobs
 * below a failed one are skipped and recorded as such; the others run.
 */
export async function runMany(
  env: RunEnvironment,
  jobs: readonly string[],
  opts: RunOptions & { onDone?: (r: ManyResult) => void } = {},
): Promise<ManyResult[]> {
  const summaries = new Map<string, { summary: string; seconds: number }>();
  const started = new Map<string, number>();
  const results = await runJobs(
    env.jobs.set.dag,
    jobs,
    async (job, signal) => {
      started.set(job, performance.now());
      env.log.info(`${job}: running`);
      try {
        const r = await runJobNow(env, job, { ...opts, signal });
        summaries.set(job, { summary: r.summary, seconds: (performance.now() - started.get(job)!) / 1000 });
        opts.onDone?.({ job, status: 'succeeded', ...summaries.get(job)! });
        return 'succeeded';
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        env.log.error(`${job}: failed: ${message}`);
        const seconds = (performance.now() - started.get(job)!) / 1000;
        summaries.set(job, { summary: message, seconds });
        opts.onDone?.({ job, status: 'failed', error, summary: message, seconds });
        throw error;
      }
    },
    {
      signal: opts.signal,
      onSkip: async (job, reason) => {
        env.log.warn(`${job}: skipped (${reason})`);
        const asOf = env.jobs.builtins.get(job)?.takesAsOf === false ? null : (opts.asOf ?? null);
        await env.wh.query(sql`
          INSERT INTO ops.job_runs (run_id, job, as_of, status, started_at, finished_at, error)
          VALUES (${crypto.randomUUID()}, ${job}, ${asOf}::date, 'skipped', ${new Date()}, ${new Date()}, ${reason})`);
        opts.onDone?.({ job, status: 'skipped', reason, seconds: 0 });
      },
    },
  );
  return results.map((r) => {
    const s = summaries.get(r.job);
    return { ...r, summary: s?.summary ?? r.reason, seconds: s?.seconds ?? 0 };
  });
}
