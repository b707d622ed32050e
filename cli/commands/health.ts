import type { Command } from 'commander';
import { validateHealthModel } from '../../pipelines/index.ts';
import { sql } from '../../warehouse/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { UsageError } from '../errors.ts';
import { textTable } from '../output/text-table.ts';
import { parseAsOf } from './run.ts';

const shift = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** `cdp health validate`: does the health score tell churners apart? */
export function registerHealth(program: Command, run: Run): void {
  const health = program.command('health').description('account health scores (cdp run health writes them)');
  health
    .command('validate')
    .description(
      'score every live account at as_of days in a range and measure against churn within models.health.churnHorizonDays: AUC (Mann-Whitney, ties one half) and churn rate per band',
    )
    .option('--from <date>', 'first as_of (default: 90 days after the first usage or telemetry day)')
    .option('--to <date>', 'last as_of (default: the horizon before the last usage or telemetry day)')
    .option('--every <days>', 'days between as_of days', '14')
    .option(
      '--profile <name>',
      "only the accounts a profile of models.health.profiles scores ('default': those on the default weights)",
    )
    .option('--json', 'print as JSON')
    .action(
      run(
        async (
          ctx: CommandContext,
          options: { from?: string; to?: string; every: string; profile?: string; json?: boolean },
        ) => {
          const every = Number.parseInt(options.every, 10);
          if (!Number.isInteger(every) || every < 1)
            throw new UsageError(`--every "${options.every}" is not a positive number of days`);
          const profiles = ['default', ...ctx.loaded.config.models.health.profiles.map((p) => p.name)];
          if (options.profile !== undefined && !profiles.includes(options.profile))
            throw new UsageError(
              `--profile "${options.profile}" is not a profile of models.health.profiles; known: ${profiles.join(', ')}`,
            );
          const { warehouse } = await ctx.warehouse();
          const horizon = ctx.loaded.config.models.health.churnHorizonDays;
          const span = (
            await warehouse.query<{ first: string | null; last: string | null }>(sql`
            SELECT CAST(min(occurred_at) AS DATE) AS first, CAST(max(occurred_at) AS DATE) AS last
            FROM core.events WHERE event_type IN ('usage', 'telemetry')`)
          ).rows[0];
          const from = options.from
            ? parseAsOf(options.from, '--from')
            : span?.first
              ? shift(span.first, 90)
              : null;
          const to = options.to
            ? parseAsOf(options.to, '--to')
            : span?.last
              ? shift(span.last, -horizon)
              : null;
          if (!from || !to)
            throw new UsageError('no usage or machine telemetry in core.events: give --from and --to');
          if (from > to)
            throw new UsageError(
              `--from ${from} is after --to ${to}: not enough history for a ${horizon}-day churn horizon`,
            );
          const v = await validateHealthModel(warehouse, ctx.loaded.config.models, {
            from,
            to,
            everyDays: every,
            profile: options.profile,
          });
          if (options.json) {
            process.stdout.write(JSON.stringify({ from, to, everyDays: every, ...v }, null, 2) + '\n');
            return;
          }
          process.stdout.write(
            [
              `${v.scored} account scores${v.profile === null ? '' : ` (profile ${v.profile})`} at ${v.asOfs.length} as_of days from ${from} to ${to}; ${v.churners} churned within ${horizon} days`,
              `AUC ${v.auc === null ? 'n/a (needs churners and stayers)' : v.auc.toFixed(3)} (0.5 = no better than chance; 1 = every churner scored below every stayer)`,
              textTable(
                ['band', 'account scores', 'churned', 'churn rate'],
                v.bands.map((b) => [
                  b.band,
                  b.accounts,
                  b.churned,
                  b.churnRate === null ? '' : `${(b.churnRate * 100).toFixed(1)}%`,
                ]),
              ),
            ].join('\n') + '\n',
          );
        },
      ),
    );
}
