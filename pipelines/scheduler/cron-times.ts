import { CronTime } from 'cron';
import { CronExpressionError } from './errors.ts';
import { formatWall, instantsOf, isTimeZone, offsetAt } from './zone-time.ts';

/** One run of a schedule: when it runs, and the local time slot of the expression it stands for. */
export interface ScheduledTime {
  readonly at: Date;
  /**
   * The slot, 'YYYY-MM-DDTHH:MM:SS' local to the schedule's zone. It differs from `at`'s local
   * reading only in a spring-forward gap: a 02:30 slot that does not exist runs at 03:00.
   */
  readonly slot: string;
  /** The slot's local date, YYYY-MM-DD: the natural as_of of a daily run. */
  readonly date: string;
}

/** A cron expression in a time zone, with daylight saving handled the way cron(8) does. */
export interface CronSchedule {
  readonly expression: string;
  readonly timezone: string;
  /** The first run strictly after `after`. */
  next(after: Date): ScheduledTime;
  /** The next `count` runs after `after`. */
  upcoming(after: Date, count: number): ScheduledTime[];
  /** The runs in (from, to], oldest first, at most `limit` of them. */
  between(from: Date, to: Date, limit?: number): ScheduledTime[];
  /** The last run in (from, to], or null: what catching up with 'latest' runs. */
  latestBetween(from: Date, to: Date): ScheduledTime | null;
}

const HOUR = 3_600_000;
// Daylight saving moves clocks by at most 2 hours anywhere; 3 leaves room.
const LOOKAHEAD = 3 * HOUR;

/** Why an expression cannot be used, or null when it can. */
export function cronProblem(expression: string): string | null {
  let time: CronTime;
  try {
    time = new CronTime(expression, 'UTC');
  } catch (err) {
    return `${err instanceof Error ? err.message : String(err)}; expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, e.g. "30 2 * * *"`;
  }
  try {
    time.getNextDateFrom(new Date(), 'UTC');
  } catch {
    return 'it never fires (no matching date in the next 8 years)';
  }
  return null;
}

/**
 * Parses a schedule. The `cron` package parses the expression and walks the local calendar (in
 * UTC, where no clock jumps); mapping local times to instants is ours, because the package's own
 * DST handling runs some fixed-time jobs twice and maps gaps differently by hemisphere (see
 * CONTEXT.md). The rules, those of cron(8):
 * - a local time skipped by a spring-forward gap runs once, at the end of the gap;
 * - a local time repeated by a fall-back runs once, at its first occurrence, unless the minute or
 *   hour field starts with '*' (or it is @hourly and finer): such jobs follow real time and run
 *   in both copies of the repeated hour.
 * Throws CronExpressionError naming `job`.
 */
export function cronSchedule(expression: string, timezone: string, job: string | null = null): CronSchedule {
  const problem = cronProblem(expression);
  if (problem) throw new CronExpressionError(job, expression, problem);
  if (!isTimeZone(timezone)) {
    throw new CronExpressionError(
      job,
      expression,
      `unknown time zone "${timezone}"; expected an IANA zone such as "Asia/Shanghai"`,
    );
  }
  const time = new CronTime(expression, 'UTC');
  const both = followsRealTime(expression);
  const nextWall = (wall: number): number => time.getNextDateFrom(new Date(wall), 'UTC').toMillis();

  const candidates = (wall: number): { at: number; exact: boolean }[] => {
    const i = instantsOf(wall, timezone);
    if (i.kind === 'unique') return [{ at: i.at, exact: true }];
    if (i.kind === 'gap') return [{ at: i.at, exact: false }];
    return both
      ? [
          { at: i.first, exact: true },
          { at: i.second, exact: true },
        ]
      : [{ at: i.first, exact: true }];
  };

  // Every run in (from, to], the first `limit` of them: walk the local calendar from a little
  // before `from` and map each slot to its instants. Instants come out of order only across a
  // fall-back, so the walk stops once a slot's wall time is past the last wanted instant plus the
  // largest offset in force during the 3 hours before it (no later slot can land earlier).
  const collect = (fromMs: number, toMs: number, limit: number): ScheduledTime[] => {
    const found = new Map<number, { wall: number; exact: boolean }>();
    const stopAfter = (ms: number): number =>
      ms + Math.max(offsetAt(ms, timezone), offsetAt(ms - LOOKAHEAD, timezone));
    let stop = Number.isFinite(toMs) ? stopAfter(toMs) : Infinity;
    // Before a fall-back, instants after `from` can read earlier than it does: start that much earlier.
    let wall = fromMs + Math.min(offsetAt(fromMs, timezone), offsetAt(fromMs + LOOKAHEAD, timezone)) - 1000;
    // Ends: walls strictly increase, and either `stop` is finite or `limit` runs make it so.
    for (;;) {
      wall = nextWall(wall);
      if (wall > stop) break;
      for (const c of candidates(wall)) {
        if (c.at <= fromMs || c.at > toMs) continue;
        const seen = found.get(c.at);
        // A gap folds several slots onto one instant; an exact slot there names it best.
        if (!seen || (c.exact && !seen.exact)) found.set(c.at, { wall, exact: c.exact });
      }
      if (found.size >= limit) {
        const kth = [...found.keys()].sort((a, b) => a - b)[limit - 1] ?? Infinity;
        stop = Math.min(stop, stopAfter(kth));
      }
    }
    return [...found]
      .sort((a, b) => a[0] - b[0])
      .slice(0, limit)
      .map(([at, { wall: w }]) => {
        const slot = formatWall(w);
        return { at: new Date(at), slot, date: slot.slice(0, 10) };
      });
  };

  const next = (after: Date): ScheduledTime => {
    const [run] = collect(after.getTime(), Infinity, 1);
    if (!run) throw new CronExpressionError(job, expression, `no run found after ${after.toISOString()}`);
    return run;
  };
  const between = (from: Date, to: Date, limit = 10_000): ScheduledTime[] =>
    collect(from.getTime(), to.getTime(), limit);

  return {
    expression,
    timezone,
    next,
    upcoming: (after, count) => collect(after.getTime(), Infinity, count),
    between,
    latestBetween(from, to) {
      // Look back from `to` in growing windows, so a long downtime does not list every slot.
      for (let span = HOUR; ; span *= 8) {
        const start = new Date(Math.max(from.getTime(), to.getTime() - span));
        const runs = between(start, to, Infinity);
        if (runs.length) return runs[runs.length - 1] ?? null;
        if (start.getTime() === from.getTime()) return null;
      }
    },
  };
}

// cron(8)'s rule: a job with '*' at the start of its minute or hour field runs by the clock
// through a repeated hour; one at fixed times runs once.
function followsRealTime(expression: string): boolean {
  const e = expression.trim().toLowerCase();
  if (e.startsWith('@')) return ['@hourly', '@minutely', '@secondly'].includes(e);
  const f = e.split(/\s+/);
  const [minute, hour] = f.length === 6 ? [f[1], f[2]] : [f[0], f[1]];
  return Boolean(minute?.startsWith('*') || hour?.startsWith('*'));
}
