import type { Command } from 'commander';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../../pipelines/index.ts';
import type { CommandContext, Run } from '../context.ts';

const TEMPLATE = `import { defineConfig } from './pipelines/index.ts';

// cdp project configuration. Validated when cdp starts; see README.md#configuration.
export default defineConfig({
  warehouse: {
    // A DuckDB file (the default), ':memory:', or postgres://user:password@host:5432/db.
    // CDP_WAREHOUSE or --warehouse override it.
    url: '.cdp/warehouse.duckdb',
    timezone: 'Asia/Shanghai',
  },
  sources: {},
  jobs: {},
});
`;

/** `cdp init`: writes a starter jobs.config.ts (if none) and creates the warehouse. */
export function registerInit(program: Command, run: Run): void {
  program
    .command('init')
    .description('create jobs.config.ts (if missing) and the warehouse, applying migrations')
    .action(
      run(async (ctx: CommandContext) => {
        const file = resolve(DEFAULT_CONFIG_FILE);
        if (!ctx.opts.config && !existsSync(file)) {
          writeFileSync(file, TEMPLATE);
          ctx.log.info(`wrote ${file}`);
        }
        const { warehouse, migrations } = await ctx.warehouse();
        const applied = migrations?.applied ?? [];
        process.stdout.write(
          `warehouse ready: ${warehouse.location} (${warehouse.engine}, schema v${migrations?.current ?? '?'}${
            applied.length ? `, applied ${applied.map((m) => m.version).join(', ')}` : ', up to date'
          })\n`,
        );
      }),
    );
}
