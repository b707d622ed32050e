import type { Command } from 'commander';
import { tableCounts } from '../../pipelines/index.ts';
import { copyTable, openWarehouse, resolveTarget } from '../../warehouse/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { UsageError } from '../errors.ts';

/** `cdp copy --to <target>`: copies the warehouse's tables into another warehouse. */
export function registerCopy(program: Command, run: Run): void {
  program
    .command('copy')
    .description(
      'copy tables from this warehouse into another one (e.g. DuckDB to Postgres), through Arrow batches',
    )
    .requiredOption('--to <path|url>', 'target warehouse: DuckDB file or postgres:// URL (migrated first)')
    .option('--tables <list>', 'comma-separated tables (default: every table present in both)')
    .action(
      run(async (ctx: CommandContext, options: { to: string; tables?: string }) => {
        const { warehouse: from } = await ctx.warehouse();
        const { warehouse: to } = await openWarehouse(resolveTarget(options.to, process.cwd()), {
          timezone: ctx.loaded.config.warehouse.timezone,
        });
        try {
          const inTarget = new Set((await tableCounts(to)).map((t) => t.table));
          const available = (await tableCounts(from)).map((t) => t.table).filter((t) => inTarget.has(t));
          const wanted = options.tables ? options.tables.split(',').map((t) => t.trim()) : available;
          const missing = wanted.filter((t) => !available.includes(t));
          if (missing.length) throw new UsageError(`not in both warehouses: ${missing.join(', ')}`);
          for (const table of wanted.filter((t) => t !== 'ops.migrations')) {
            const n = await copyTable(from, to, table);
            process.stdout.write(`${table}: ${n} rows\n`);
          }
        } finally {
          await to.close();
        }
      }),
    );
}
