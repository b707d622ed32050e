import type { Command } from 'commander';
import { explainSegment, previewSegment, projectSegments, type Explanation } from '../../pipelines/index.ts';
import { sql } from '../../warehouse/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { UsageError } from '../errors.ts';
import { textTable } from '../output/text-table.ts';
import { parseAsOf } from './run.ts';

function known(ctx: CommandContext, name: string): void {
  const names = Object.keys(projectSegments(ctx.loaded));
  if (!names.includes(name)) {
    throw new UsageError(
      `no segment is named "${name}"; segments: ${names.join(', ') || '(none configured)'}`,
    );
  }
}

/** An explanation tree as indented lines: result, condition, what decided it. */
function renderTree(e: Explanation, depth = 0): string[] {
  const mark = e.result ? 'yes' : 'no ';
  const c = e.condition as { kind: string; segment?: string };
  const label = ['and', 'or', 'not'].includes(c.kind)
    ? c.kind
    : c.kind === 'segment'
      ? `segment ${c.segment}`
      : JSON.stringify(c);
  const decided = e.decidedBy?.length
    ? `  (decided by ${e.decidedBy.map((i) => `#${i + 1}`).join(', ')})`
    : '';
  const line = `${'  '.repeat(depth)}${mark}  ${label}${decided}`;
  return [line, ...(e.children ?? []).flatMap((c) => renderTree(c, depth + 1))];
}

/** `cdp segments list|show|preview|explain`. */
export function registerSegments(program: Command, run: Run): void {
  const segments = program
    .command('segments')
    .description('audiences defined in jobs.config.ts (cdp run segments materialises them)');
  segments
    .command('list')
    .description('every segment with its description, last run and member count')
    .option('--json', 'print as JSON')
    .action(
      run(async (ctx: CommandContext, options: { json?: boolean }) => {
        const defs = projectSegments(ctx.loaded);
        const { warehouse } = await ctx.warehouse();
        const { rows } = await warehouse.query<{ segment: string; as_of: string; members: number }>(
          sql`SELECT segment, as_of, members FROM marts.segments`,
        );
        const runs = new Map(rows.map((r) => [r.segment, r]));
        const list = Object.entries(defs).map(([name, d]) => ({
          segment: name,
          description: d.description ?? '',
          as_of: runs.get(name)?.as_of ?? null,
          members: runs.get(name)?.members ?? null,
        }));
        if (options.json) process.stdout.write(JSON.stringify(list, null, 2) + '\n');
        else
          process.stdout.write(
            textTable(
              ['segment', 'members', 'as of', 'description'],
              list.map((s) => [s.segment, s.members ?? '(not run)', s.as_of ?? '', s.description]),
            ) + '\n',
          );
      }),
    );
  segments
    .command('show')
    .description("a segment's definition (the JSON form) and its last run")
    .argument('<name>')
    .action(
      run(async (ctx: CommandContext, name: string) => {
        known(ctx, name);
        process.stdout.write(JSON.stringify(projectSegments(ctx.loaded)[name], null, 2) + '\n');
      }),
    );
  segments
    .command('preview')
    .description('how many customers a segment holds at as_of, and a sample (writes nothing)')
    .argument('<name>')
    .option('--as-of <date>', 'the day (default: today in warehouse.timezone)')
    .option('--sample <n>', 'sample size', '10')
    .option('--json', 'print as JSON')
    .action(
      run(
        async (
          ctx: CommandContext,
          name: string,
          options: { asOf?: string; sample: string; json?: boolean },
        ) => {
          known(ctx, name);
          const sample = Number.parseInt(options.sample, 10);
          if (!Number.isInteger(sample) || sample < 0)
            throw new UsageError(`--sample "${options.sample}" is not a number`);
          const { warehouse } = await ctx.warehouse();
          const r = await previewSegment(warehouse, ctx.loaded, name, {
            asOf: options.asOf === undefined ? undefined : parseAsOf(options.asOf),
            sample,
          });
          if (options.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
          else
            process.stdout.write(`${name} as of ${r.asOf}: ${r.count} customers\n${r.sample.join('\n')}\n`);
        },
      ),
    );
  segments
    .command('explain')
    .description('which condition let a customer into a segment or kept them out, condition by condition')
    .argument('<name>')
    .argument('<customer-id>')
    .option('--as-of <date>', 'the day (default: today in warehouse.timezone)')
    .option('--json', 'print as JSON')
    .action(
      run(
        async (
          ctx: CommandContext,
          name: string,
          customer: string,
          options: { asOf?: string; json?: boolean },
        ) => {
          known(ctx, name);
          const { warehouse } = await ctx.warehouse();
          const exists = await warehouse.query(
            sql`SELECT 1 FROM core.customers WHERE customer_id = ${customer}`,
          );
          if (exists.rows.length === 0) {
            throw new UsageError(
              `no customer "${customer}" in core.customers (an ID merged into another answers to the surviving one)`,
            );
          }
          const r = await explainSegment(warehouse, ctx.loaded, name, customer, {
            asOf: options.asOf === undefined ? undefined : parseAsOf(options.asOf),
          });
          if (options.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
          else
            process.stdout.write(
              [
                `${customer} ${r.explanation.result ? 'is' : 'is not'} in ${name} as of ${r.asOf}`,
                ...renderTree(r.explanation),
              ].join('\n') + '\n',
            );
        },
      ),
    );
}
