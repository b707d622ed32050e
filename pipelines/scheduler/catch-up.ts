import type { CronSchedule, ScheduledTime } from './cron-times.ts';

/** What to do with runs missed while the scheduler was down. */
export type CatchUp = 'all' | 'latest' | 'skip';

/** The runs a job owes now, and the missed ones its catch-up setting leaves out. */
export interface DueRuns {
  /** Oldest first. */
  readonly runs: readonly ScheduledTime[];
  /** The first and last missed run left out, for the log; null when none was. */
  readonly skipped: { readonly first: ScheduledTime; readonly last: ScheduledTime } | null;
  /** More runs are owed than `maxRuns`: run these, then ask again from the last of them. */
  readonly more: boolean;
}

/** Where a job stands: its last handled run, and when this scheduler process came up. */
export interface DueOptions {
  /**
   * The last run handled (run or skipped): while the scheduler is up, the `at` of the last run it
   * handled; at start, the start of the job's last run in ops.job_runs, or the start time itself
   * for a job that never ran (so a new job does not catch up on all of history).
   */
  readonly since: Date;
  /** When this scheduler process started: runs due before it were missed, not late. */
  readonly upSince: Date;
  readonly now: Date;
  readonly catchUp: CatchUp;
  /** At most this many runs per call (default 100). */
  readonly maxRuns?: number;
}

/**
 * The runs a job owes at `now`. Runs due in (since, upSince] were missed while no scheduler ran,
 * and `catchUp` decides: 'all' runs each, 'latest' the newest only, 'skip' none. Runs due after
 * `upSince` came due while the scheduler was up (late only because it was busy) and always run.
 */
export function dueRuns(schedule: CronSchedule, opts: DueOptions): DueRuns {
  const maxRuns = opts.maxRuns ?? 100;
  const missedTo = opts.upSince > opts.since ? opts.upSince : opts.since;
  let runs: ScheduledTime[] = [];
  let skipped: DueRuns['skipped'] = null;
  if (missedTo > opts.since) {
    if (opts.catchUp === 'all') {
      runs = schedule.between(opts.since, missedTo, maxRuns + 1);
    } else {
      const latest = schedule.latestBetween(opts.since, missedTo);
      const keep = opts.catchUp === 'latest' ? latest : null;
      if (keep) runs = [keep];
      const first = schedule.next(opts.since);
      const lastLeftOut = keep ? schedule.latestBetween(opts.since, new Date(keep.at.getTime() - 1)) : latest;
      if (lastLeftOut && first.at <= lastLeftOut.at) skipped = { first, last: lastLeftOut };
    }
  }
  if (runs.length <= maxRuns) {
    runs.push(...schedule.between(missedTo, opts.now, maxRuns + 1 - runs.length));
  }
  return { runs: runs.slice(0, maxRuns), skipped, more: runs.length > maxRuns };
}
