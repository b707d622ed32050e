import type { Command } from 'commander';
import {
  handleShutdown,
  openProjectWarehouse,
  projectJobs,
  projectTarget,
  runScheduler,
  type RunEnvironment,
} from '../../pipelines/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { CommandFailed } from '../errors.ts';

/** `cdp schedule`: the scheduler in the foreground. */
export function registerSchedule(program: Command, run: Run): void {
  program
    .command('schedule')
    .description(
      'run jobs on their cron schedules in the foreground until SIGTERM or Ctrl-C (logs to stderr; JSON lines when not on a terminal)',
    )
    .option('--once', 'run what is due now (and missed runs, per catchUp) and exit')
    .action(
      run(async (ctx: CommandContext, options: { once?: boolean }) => {
        const jobs = projectJobs(ctx.loaded);
        const target = projectTarget(ctx.loaded, ctx.opts.warehouse);
        const scheduled = [...jobs.set.jobs.values()].filter((j) => j.cron);
        if (scheduled.length === 0) {
          throw new CommandFailed(
            `no job in ${ctx.loaded.file ?? 'jobs.config.ts'} has a schedule: add one, e.g. jobs: { identity: { schedule: '0 3 * * *' } }`,
            3,
          );
        }
        ctx.log.info(
          `scheduler: ${scheduled.map((j) => `${j.name} "${j.schedule}" (${j.timezone})`).join(', ')}`,
        );
        const shutdown = handleShutdown({
          onSignal: (s, n) =>
            ctx.log.warn(
              n === 1
                ? `${s}: finishing the current job, then exiting (again to stop at once)`
                : `${s}: exiting now`,
            ),
        });
        // The warehouse is open only while jobs run, so other commands can use a DuckDB file in between.
        const withEnv = async <T>(fn: (env: RunEnvironment) => Promise<T>): Promise<T> => {
          const { warehouse } = await openProjectWarehouse(ctx.loaded, ctx.opts.warehouse);
          try {
            return await fn({ wh: warehouse, target, loaded: ctx.loaded, log: ctx.log, jobs });
          } finally {
            await warehouse.close();
          }
        };
        let failed = 0;
        try {
          await runScheduler(jobs, withEnv, {
            signal: shutdown.signal,
            once: options.once,
            onTick: (t) => {
              for (const m of t.skippedMissed)
                ctx.log.warn(`${m.job}: missed runs ${m.first.slot} .. ${m.last.slot} skipped (catchUp)`);
              for (const r of t.ran) {
                if (r.status === 'failed') failed++;
                ctx.log.info(
                  `${r.job}: ${r.status} in ${r.seconds.toFixed(1)} s${r.summary ? `: ${r.summary}` : ''}`,
                );
              }
              if (t.next && !options.once) ctx.log.info(`scheduler: next run at ${t.next.toISOString()}`);
            },
          });
        } finally {
          shutdown.dispose();
        }
        if (shutdown.received)
          throw new CommandFailed(`stopped by ${shutdown.received}`, shutdown.exitCode());
        if (options.once && failed) throw new CommandFailed(`${failed} jobs failed: see cdp runs`, 1);
      }),
    );
}
