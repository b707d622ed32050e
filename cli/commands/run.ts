import type { Command } from 'commander';
import {
  runIdentityJob,
  runValueModelJob,
  VALUE_MODELS,
  type ValueModel,
  type ValueModelReport,
} from '../../pipelines/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { UsageError } from '../errors.ts';
import { textTable } from '../output/text-table.ts';

const JOBS = ['identity', ...VALUE_MODELS] as const;

/** A calendar day YYYY-MM-DD that exists. */
export function parseAsOf(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--as-of "${value}" is not a day; expected YYYY-MM-DD, e.g. --as-of 2025-12-31`);
  }
  return value;
}

function summary(r: ValueModelReport): string {
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
      : 'not fitted (too few repeat customers)';
  return [
    head,
    left,
    `BG/NBD: ${f(d.bgnbd)}`,
    `Gamma-Gamma: ${f(d.gammaGamma)}${d.converged ? '' : ' (a fit did not converge)'}`,
  ].join('\n');
}

/** `cdp run <job>`: runs one job now and records it in ops.job_runs. */
export function registerRun(program: Command, run: Run): void {
  program
    .command('run')
    .description(`run a job now and record it in ops.job_runs (jobs: ${JOBS.join(', ')})`)
    .argument('<job>', `the job: ${JOBS.join(' | ')}`)
    .option(
      '--as-of <date>',
      'the day models are computed for, YYYY-MM-DD (default: today in warehouse.timezone)',
    )
    .option('--json', 'print the run report as JSON')
    .action(
      run(async (ctx: CommandContext, job: string, options: { asOf?: string; json?: boolean }) => {
        if (!(JOBS as readonly string[]).includes(job)) {
          throw new UsageError(`unknown job "${job}"; jobs: ${JOBS.join(', ')}`);
        }
        const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf);
        const { warehouse } = await ctx.warehouse();
        if (job === 'identity') {
          if (asOf) throw new UsageError('identity has no as_of: it resolves the records there are now');
          const r = await runIdentityJob(warehouse, ctx.loaded, ctx.log);
          process.stdout.write(
            options.json
              ? JSON.stringify(r, null, 2) + '\n'
              : `identity: ${r.records} source records -> ${r.customers} customers${r.skipped ? ' (nothing changed)' : ''}\n`,
          );
          return;
        }
        const r = await runValueModelJob(warehouse, ctx.loaded, ctx.log, job as ValueModel, { asOf });
        process.stdout.write(options.json ? JSON.stringify(r, null, 2) + '\n' : summary(r) + '\n');
      }),
    );
}
