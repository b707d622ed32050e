import { sql, type Warehouse } from '../../warehouse/index.ts';
import { dueRuns, type JobStatus, type ScheduledTime } from '../scheduler/index.ts';
import { runMany, type ManyResult, type ProjectJobs, type RunEnvironment } from './runner.ts';

/** The latest run of each job in ops.job_runs: its status and start. */
export async function latestRuns(
  wh: Warehouse,
): Promise<Map<string, { status: string; startedAt: Date; finishedAt: Date | null; asOf: string | null }>> {
  const { rows } = await wh.query<{
    job: string;
    status: string;
    started_at: Date;
    finished_at: Date | null;
    as_of: string | null;
  }>(sql`
    SELECT r.job, r.status, r.started_at, r.finished_at, r.as_of FROM ops.job_runs r
    JOIN (SELECT job, max(started_at) AS started_at FROM ops.job_runs GROUP BY job) l
      ON l.job = r.job AND l.started_at = r.started_at`);
  return new Map(
    rows.map((r) => [
      r.job,
      { status: r.status, startedAt: r.started_at, finishedAt: r.finished_at, asOf: r.as_of },
    ]),
  );
}

/** What one scheduler tick did. */
export interface Tick {
  readonly at: Date;
  readonly ran: readonly ManyResult[];
  /** Missed runs left out by a job's catchUp setting. */
  readonly skippedMissed: readonly { job: string; first: ScheduledTime; last: ScheduledTime }[];
  /** When the next run is due; null when no job has a schedule. */
  readonly next: Date | null;
}

export interface SchedulerOptions {
  /** Stops the loop (SIGTERM): the running job finishes or rolls back, no other starts. */
  readonly signal: AbortSignal;
  /** Run what is due once and return (tests, cron-driven setups). */
  readonly once?: boolean;
  readonly now?: () => Date;
  readonly onTick?: (tick: Tick) => void;
}

/**
 * `cdp schedule`: runs jobs when their cron schedules say, in dependency order, until stopped.
 * The warehouse is opened for each tick and closed between them, so other commands can use a
 * DuckDB file while the scheduler sleeps. After downtime each job catches up by its catchUp
 * setting; a job whose upstream's latest run failed does not run (it is recorded as skipped).
 */
export async function runScheduler(
  jobs: ProjectJobs,
  withEnv: <T>(fn: (env: RunEnvironment) => Promise<T>) => Promise<T>,
  opts: SchedulerOptions,
): Promise<void> {
  const now = opts.now ?? (() => new Date());
  const upSince = now();
  const scheduled = [...jobs.set.jobs.values()].filter((j) => j.cron !== null);
  const since = new Map<string, Date>();
  await withEnv(async (env) => {
    const latest = await latestRuns(env.wh);
    for (const j of scheduled) since.set(j.name, latest.get(j.name)?.startedAt ?? upSince);
  });
  while (!opts.signal.aborted) {
    const t = now();
    const byDate = new Map<string, Set<string>>();
    const skippedMissed: { job: string; first: ScheduledTime; last: ScheduledTime }[] = [];
    for (const j of scheduled) {
      const due = dueRuns(j.cron!, { since: since.get(j.name)!, upSince, now: t, catchUp: j.catchUp });
      if (due.skipped) skippedMissed.push({ job: j.name, ...due.skipped });
      for (const run of due.runs) {
        if (!byDate.has(run.date)) byDate.set(run.date, new Set());
        byDate.get(run.date)!.add(j.name);
      }
      const last = due.runs.at(-1) ?? due.skipped?.last;
      if (last) since.set(j.name, last.at);
    }
    const ran: ManyResult[] = [];
    if (byDate.size > 0) {
      await withEnv(async (env) => {
        for (const date of [...byDate.keys()].sort()) {
          if (opts.signal.aborted) break;
          const latest = await latestRuns(env.wh);
          const statuses = new Map<string, JobStatus>(
            [...latest].map(([job, r]) => [job, r.status === 'succeeded' ? 'succeeded' : 'failed']),
          );
          const due = [...byDate.get(date)!];
          // Upstream jobs not due now still count with their latest run.
          for (const job of due) statuses.delete(job);
          const blocked = jobs.set.dag.blocked(statuses);
          const runnable = due.filter((job) => !blocked.has(job));
          for (const job of due.filter((d) => blocked.has(d))) {
            const reason = `upstream failed: ${blocked.get(job)!.join(', ')}`;
            env.log.warn(`${job}: skipped (${reason})`);
            await env.wh.query(sql`
              INSERT INTO ops.job_runs (run_id, job, as_of, status, started_at, finished_at, error)
              VALUES (${crypto.randomUUID()}, ${job}, ${jobs.builtins.get(job)?.takesAsOf === false ? null : date}::date,
                'skipped', ${new Date()}, ${new Date()}, ${reason})`);
            ran.push({ job, status: 'skipped', reason, seconds: 0 });
          }
          ran.push(...(await runMany(env, runnable, { asOf: date, signal: opts.signal })));
        }
      });
    }
    const nexts = scheduled.map((j) => j.cron!.next(now()).at.getTime());
    const next = nexts.length ? new Date(Math.min(...nexts)) : null;
    opts.onTick?.({ at: t, ran, skippedMissed, next });
    if (opts.once || next === null) return;
    await sleepUntil(next, opts.signal);
  }
}

function sleepUntil(at: Date, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // Timers drift and cap at ~24.8 days: wake at least hourly and recompute.
    const ms = Math.min(Math.max(0, at.getTime() - Date.now()), 3_600_000);
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
