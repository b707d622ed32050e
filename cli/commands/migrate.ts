import type { Command } from 'commander';
import type { CommandContext, Run } from '../context.ts';

/** `cdp migrate`: applies pending migrations (every command does so too) and reports them. */
export function registerMigrate(program: Command, run: Run): void {
  program
    .command('migrate')
    .description('apply pending warehouse migrations (every command also does this on open)')
    .action(
      run(async (ctx: CommandContext) => {
        const { warehouse, migrations } = await ctx.warehouse();
        const applied = migrations?.applied ?? [];
        for (const m of applied) process.stdout.write(`applied ${m.version}: ${m.name}\n`);
        process.stdout.write(`${warehouse.location} is at schema v${migrations?.current ?? '?'}\n`);
      }),
    );
}
