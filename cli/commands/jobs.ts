import type { Command } from 'commander';
import { latestRuns, projectJobs } from '../../pipelines/index.ts';
import { sql } from '../../warehouse/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { UsageError } from '../errors.ts';
import { OUTPUT_FORMATS, writeResult, type OutputFormat } from '../output/write-result.ts';
import { textTable } from '../output/text-table.ts';

/** A moment as local time in a zone, e.g. 2026-12-02 03:00 (Asia/Shanghai). */
function local(at: Date, timeZone: string): string {
  const s = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
  return s;
}

/** Upstream jobs for the table: every ingest job as one entry, the rest by name. */
function compactAfter(after: readonly string[]): string {
  const ingests = after.filter((j) => j.startsWith('ingest_'));
  const rest = after.filter((j) => !j.startsWith('ingest_'));
  return [...rest, ...(ingests.length > 2 ? [`ingest_* (${ingests.length})`] : ingests)].join(', ');
}

/** `cdp jobs` and `cdp runs`: what is scheduled, and what ran. */
export function registerJobs(program: Command, run: Run): void {
  program
    .command('jobs')
    .description('list jobs in dependency order with their schedules, next run and last status')
    .option('--json', 'print as JSON')
    .action(
      run(async (ctx: CommandContext, options: { json?: boolean }) => {
        const { set, builtins } = projectJobs(ctx.loaded);
        const { warehouse } = await ctx.warehouse();
        const latest = await latestRuns(warehouse);
        const now = new Date();
        const rows = set.dag.order.map((name) => {
          const job = set.get(name);
          const last = latest.get(name);
          return {
            job: name,
            kind: builtins.has(name) ? 'builtin' : 'sql',
            schedule: job.cron ? `${job.schedule} (${job.timezone})` : null,
            next_run: job.cron ? local(job.cron.next(now).at, job.timezone) : null,
            after: set.dag.upstream(name),
            last_status: last?.status ?? null,
            last_started: last ? local(last.startedAt, job.timezone) : null,
            description: job.description ?? builtins.get(name)?.description ?? null,
          };
        });
        if (options.json) {
          process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
          return;
        }
        process.stdout.write(
          textTable(
            ['job', 'schedule', 'next run', 'after', 'last run'],
            rows.map((r) => [
              r.job,
              r.schedule ?? '(on demand)',
              r.next_run ?? '',
              compactAfter(r.after),
              r.last_status ? `${r.last_status} ${r.last_started}` : 'never',
            ]),
          ) + '\n',
        );
      }),
    );

  program
    .command('runs')
    .description('job run history from ops.job_runs, newest first')
    .option('--job <name>', 'only this job')
    .option('--limit <n>', 'at most this many runs (default 20)', '20')
    .option('--format <format>', 'table, csv, json, ndjson or arrow', 'table')
    .action(
      run(async (ctx: CommandContext, options: { job?: string; limit: string; format: string }) => {
        if (!(OUTPUT_FORMATS as readonly string[]).includes(options.format))
          throw new UsageError(`--format "${options.format}": expected one of ${OUTPUT_FORMATS.join(', ')}`);
        const limit = Number.parseInt(options.limit, 10);
        if (!Number.isInteger(limit) || limit < 1)
          throw new UsageError(`--limit "${options.limit}" is not a positive whole number`);
        const { warehouse } = await ctx.warehouse();
        const result = await warehouse.query(sql`
          SELECT job, as_of, status, started_at, finished_at, rows_read, rows_written, error, run_id
          FROM ops.job_runs
          ${options.job ? sql`WHERE job = ${options.job}` : sql``}
          ORDER BY started_at DESC, job LIMIT ${limit}`);
        writeResult(result, options.format as OutputFormat, process.stdout);
      }),
    );
}
