import type { Command } from 'commander';
import { asOfDates, handleShutdown, type ManyResult } from '../../pipelines/index.ts';
import { runJobNow } from '../../pipelines/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { UsageError } from '../errors.ts';
import { checkJob, finishMany, parseAsOf, parseWait, runEnvironment } from './run.ts';

/** `cdp backfill <job> --from --to`: the job once per as_of day, oldest first. */
export function registerBackfill(program: Command, run: Run): void {
  program
    .command('backfill')
    .description('run a job for every as_of day in a range, oldest first (each day replaces that day only)')
    .argument('<job>', 'a job computed for an as_of: rfm, tags, clv, or a SQL job')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (inclusive)')
    .option('--wait <seconds>', 'wait this long for a running instance of the job to finish')
    .option('--json', 'print the results as JSON')
    .action(
      run(
        async (
          ctx: CommandContext,
          job: string,
          options: { from: string; to: string; wait?: string; json?: boolean },
        ) => {
          const days = asOfDates(parseAsOf(options.from, '--from'), parseAsOf(options.to, '--to'));
          const env = await runEnvironment(ctx);
          checkJob(env, job);
          if (env.jobs.builtins.get(job)?.takesAsOf === false) {
            throw new UsageError(
              `${job} works on the data there is now and has no as_of: run it with cdp run ${job}`,
            );
          }
          const waitMs = options.wait === undefined ? 0 : parseWait(options.wait);
          const shutdown = handleShutdown();
          const results: ManyResult[] = [];
          try {
            for (const day of days) {
              if (shutdown.signal.aborted) break;
              const t0 = performance.now();
              try {
                const r = await runJobNow(env, job, { asOf: day, waitMs, signal: shutdown.signal });
                results.push({
                  job: `${job} ${day}`,
                  status: 'succeeded',
                  summary: r.summary,
                  seconds: (performance.now() - t0) / 1000,
                });
              } catch (error) {
                const summary = error instanceof Error ? error.message : String(error);
                results.push({
                  job: `${job} ${day}`,
                  status: 'failed',
                  error,
                  summary,
                  seconds: (performance.now() - t0) / 1000,
                });
              }
            }
            finishMany(results, shutdown.received, Boolean(options.json));
          } finally {
            shutdown.dispose();
          }
        },
      ),
    );
}
