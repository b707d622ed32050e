import type { Command } from 'commander';
import {
  handleShutdown,
  JobGraphError,
  projectJobs,
  projectTarget,
  runJobNow,
  runMany,
  type ManyResult,
  type RunEnvironment,
  type ValueModelReport,
} from '../../pipelines/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { CommandFailed, UsageError } from '../errors.ts';
import { textTable } from '../output/text-table.ts';

/** A calendar day YYYY-MM-DD that exists. */
export function parseAsOf(value: string, option = '--as-of'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`${option} "${value}" is not a day; expected YYYY-MM-DD, e.g. ${option} 2025-12-31`);
  }
  return value;
}

/** Seconds to wait for another run of a job, as milliseconds. */
export function parseWait(value: string): number {
  const s = Number(value);
  if (!Number.isFinite(s) || s < 0) throw new UsageError(`--wait "${value}" is not a number of seconds`);
  return s * 1000;
}

/** The job of that name, or a usage error naming the nearest one (a typo on the command line). */
export function checkJob(env: RunEnvironment, job: string): void {
  try {
    env.jobs.set.get(job);
  } catch (err) {
    if (err instanceof JobGraphError) throw new UsageError(err.message);
    throw err;
  }
}

/** The project's run environment on the context's warehouse. */
export async function runEnvironment(ctx: CommandContext): Promise<RunEnvironment> {
  const jobs = projectJobs(ctx.loaded);
  const { warehouse } = await ctx.warehouse();
  return {
    wh: warehouse,
    target: projectTarget(ctx.loaded, ctx.opts.warehouse),
    loaded: ctx.loaded,
    log: ctx.log,
    jobs,
  };
}

/** The lines a value model's run prints. */
function modelSummary(r: ValueModelReport): string {
  const u = r.usage;
  const excluded = Object.entries(u.excluded).filter(([, n]) => n > 0);
  const head = `${r.model} as of ${r.asOf}: ${r.rows} rows written from ${u.counted} counted orders${u.returns ? ` and ${u.returns} returns` : ''}`;
  const left = excluded.length
    ? `orders left out: ${excluded.map(([reason, n]) => `${n} ${reason}`).join(', ')}`
    : 'no order left out';
  const table = (counts: unknown, label: string) =>
    textTable([label, 'customers'], Object.entries(counts as Record<string, number>));
  if (r.model === 'rfm') return [head, left, table(r.details.segments, 'segment')].join('\n');
  if (r.model === 'tags') return [head, left, table(r.details.tags, 'tag')].join('\n');
  const d = r.details as {
    bgnbd: Record<string, number> | null;
    gammaGamma: Record<string, number> | null;
    converged: boolean;
  };
  const f = (o: Record<string, number> | null) =>
    o
      ? Object.entries(o)
          .map(([k, v]) => `${k} ${v.toPrecision(4)}`)
          .join(', ')
      : 'not fitted (too few repeat customers, or no finite mean spend)';
  return [
    head,
    left,
    `BG/NBD: ${f(d.bgnbd)}`,
    `Gamma-Gamma: ${f(d.gammaGamma)}${d.converged ? '' : ' (a fit did not converge)'}`,
  ].join('\n');
}

/** Prints a multi-job run and fails the command if a job failed or a signal stopped it. */
export function finishMany(results: readonly ManyResult[], signal: string | null, json: boolean): void {
  if (json)
    process.stdout.write(
      JSON.stringify(
        results.map(({ error: _e, ...r }) => r),
        null,
        2,
      ) + '\n',
    );
  else
    process.stdout.write(
      textTable(
        ['job', 'status', 'seconds', 'result'],
        results.map((r) => [r.job, r.status, r.seconds.toFixed(1), r.summary ?? '']),
      ) + '\n',
    );
  if (signal)
    throw new CommandFailed(
      `stopped by ${signal}: the running job finished or rolled back; later jobs were skipped`,
      signal === 'SIGINT' ? 130 : 143,
    );
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length) {
    const skipped = results.filter((r) => r.status === 'skipped').length;
    throw new CommandFailed(
      `${failed.length} of ${results.length} jobs failed (${failed.map((r) => r.job).join(', ')})${skipped ? `; ${skipped} downstream jobs skipped` : ''}: see cdp runs`,
      1,
    );
  }
}

/** `cdp run <job> | --all`: runs jobs now, in dependency order, recorded in ops.job_runs. */
export function registerRun(program: Command, run: Run): void {
  program
    .command('run')
    .description(
      'run a job now (or every job, or a job with its dependencies), recorded in ops.job_runs; see cdp jobs',
    )
    .argument('[job]', 'the job: ingest_<source>, identity, rfm, tags, clv, or a SQL job of jobs.config.ts')
    .option('--all', 'run every job in dependency order')
    .option('--with-deps', 'run the job after everything it depends on')
    .option(
      '--as-of <date>',
      'the day models are computed for, YYYY-MM-DD (default: today in warehouse.timezone)',
    )
    .option(
      '--wait <seconds>',
      'wait this long for a running instance of the job to finish (default: fail at once)',
    )
    .option('--json', 'print the run report as JSON')
    .action(
      run(
        async (
          ctx: CommandContext,
          job: string | undefined,
          options: { all?: boolean; withDeps?: boolean; asOf?: string; wait?: string; json?: boolean },
        ) => {
          if (!job && !options.all) throw new UsageError('name a job (cdp jobs lists them) or give --all');
          if (job && options.all) throw new UsageError(`give a job or --all, not both`);
          const asOf = options.asOf === undefined ? null : parseAsOf(options.asOf);
          const waitMs = options.wait === undefined ? 0 : parseWait(options.wait);
          const env = await runEnvironment(ctx);
          if (job) checkJob(env, job);
          if (job && !options.withDeps) {
            const r = await runJobNow(env, job, { asOf, waitMs });
            const report = r.report as (ValueModelReport & { model?: string }) | undefined;
            if (options.json) process.stdout.write(JSON.stringify(report ?? r, null, 2) + '\n');
            else if (report?.model && report.usage) process.stdout.write(modelSummary(report) + '\n');
            else process.stdout.write(`${job}: ${r.summary}\n`);
            return;
          }
          const jobs = options.all ? [...env.jobs.set.dag.order] : env.jobs.set.dag.withDeps(job!);
          const shutdown = handleShutdown({
            onSignal: (s, n) =>
              ctx.log.warn(
                n === 1
                  ? `${s}: finishing the current job, then stopping (again to stop at once)`
                  : `${s}: stopping now`,
              ),
          });
          try {
            const results = await runMany(env, jobs, { asOf, waitMs, signal: shutdown.signal });
            finishMany(results, shutdown.received, Boolean(options.json));
          } finally {
            shutdown.dispose();
          }
        },
      ),
    );
}
