import type { Command } from 'commander';
import { runDemo, demoConfig, demoSteps } from '../../pipelines/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { textTable } from '../output/text-table.ts';

/** `cdp demo`: the whole pipeline on generated data, then a summary. */
export function registerDemo(program: Command, run: Run): void {
  program
    .command('demo')
    .description('generate demo data and run every pipeline step on it, then print a summary')
    .option(
      '--customers <n>',
      'people in the generated population (default from jobs.config.ts demo.customers)',
      (v) => Number.parseInt(v, 10),
    )
    .action(
      run(async (ctx: CommandContext, options: { customers?: number }) => {
        const t0 = performance.now();
        const { warehouse, migrations } = await ctx.warehouse();
        const loaded = demoConfig(
          options.customers === undefined
            ? ctx.loaded
            : {
                ...ctx.loaded,
                config: {
                  ...ctx.loaded.config,
                  demo: { ...ctx.loaded.config.demo, customers: options.customers },
                },
              },
        );
        const result = await runDemo(warehouse, loaded, ctx.log, demoSteps(ctx.opts.warehouse));
        const steps = textTable(
          ['step', 'seconds', 'result'],
          result.steps.map((s) => [s.name, s.seconds.toFixed(1), s.detail]),
        );
        const filled = result.tables.filter((t) => t.rows > 0);
        const tables = textTable(
          ['table', 'rows'],
          filled.map((t) => [t.table, t.rows]),
        );
        process.stdout.write(
          [
            `cdp demo finished in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
            `warehouse: ${warehouse.location} (${warehouse.engine}, schema v${migrations?.current ?? '?'})`,
            '',
            steps,
            '',
            tables,
            `(${result.tables.length - filled.length} more tables are empty so far)`,
            '',
            'Look inside:',
            '  npx cdp status',
            '  npx cdp sql "select * from ops.job_runs order by started_at desc"',
            '',
          ].join('\n'),
        );
      }),
    );
}
