import type { Command } from 'commander';
import { Option } from 'commander';
import { readFileSync } from 'node:fs';
import { sql } from '../../warehouse/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { UsageError } from '../errors.ts';
import { OUTPUT_FORMATS, writeResult, type OutputFormat } from '../output/write-result.ts';

/** `cdp sql "<query>"`: runs one statement against the warehouse and prints its rows. */
export function registerSql(program: Command, run: Run): void {
  program
    .command('sql')
    .description('run one SQL statement against the warehouse and print the result')
    .argument('<query>', "the SQL statement; '-' reads it from standard input")
    .addOption(
      new Option(
        '-f, --format <format>',
        'output format: table for people; csv, json, ndjson or arrow (IPC stream) for tools',
      )
        .choices(OUTPUT_FORMATS)
        .default('table'),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ cdp sql "select count(*) from core.orders"
  $ cdp sql "select * from marts.rfm_scores" --format csv > rfm.csv
  $ cdp sql "select * from core.customers" --format arrow > customers.arrows
  $ echo "select 42 as answer" | cdp sql - --format json`,
    )
    .action(
      run(async (ctx: CommandContext, text: string, options: { format: OutputFormat }) => {
        const query = text === '-' ? readFileSync(0, 'utf8') : text;
        if (!query.trim()) throw new UsageError('cdp sql needs a statement, e.g. cdp sql "select 1"');
        const { warehouse } = await ctx.warehouse();
        const result = await warehouse.query(sql.__dangerous__rawValue(query));
        writeResult(result, options.format, process.stdout);
      }),
    );
}
