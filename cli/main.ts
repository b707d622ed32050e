import { Command, Option } from 'commander';
import { registerCopy } from './commands/copy.ts';
import { registerDemo } from './commands/demo.ts';
import { registerGenerate } from './commands/generate.ts';
import { registerIdentity } from './commands/identity.ts';
import { registerIngest } from './commands/ingest.ts';
import { registerInit } from './commands/init.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerRun } from './commands/run.ts';
import { registerJobs } from './commands/jobs.ts';
import { registerBackfill } from './commands/backfill.ts';
import { registerSchedule } from './commands/schedule.ts';
import { registerHealth } from './commands/health.ts';
import { registerForecast } from './commands/forecast.ts';
import { registerSegments } from './commands/segments.ts';
import { registerServe } from './commands/serve.ts';
import { registerSql } from './commands/sql.ts';
import { registerStatus } from './commands/status.ts';
import { createContext, type CommandContext, type GlobalOptions, type Run } from './context.ts';
import { describeError } from './errors.ts';

/** Builds the `cdp` program; `main` parses argv with it. */
export function buildProgram(): Command {
  const program = new Command('cdp')
    .description(
      'cdp, an open-source customer data platform: ingest feeds, resolve identities, run models and\nexport consent-safe segments, on an embedded DuckDB file or Postgres.',
    )
    .option(
      '-w, --warehouse <path|url>',
      'DuckDB file, :memory: or postgres:// URL (env CDP_WAREHOUSE; default .cdp/warehouse.duckdb)',
    )
    .option('-c, --config <file>', 'config file (default ./jobs.config.ts)')
    .option('-v, --verbose', 'debug logs and stack traces on errors')
    .option('-q, --quiet', 'only errors on stderr')
    .addOption(
      new Option(
        '--log-format <format>',
        'log format on stderr (default: text on a terminal, json otherwise)',
      ).choices(['text', 'json']),
    )
    .showHelpAfterError('(run cdp --help for usage)')
    .exitOverride();

  const run: Run =
    (action) =>
    async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const opts = command.optsWithGlobals<GlobalOptions>();
      let ctx: CommandContext | undefined;
      try {
        ctx = await createContext(opts);
        await (action as (ctx: CommandContext, ...rest: unknown[]) => Promise<void>)(
          ctx,
          ...args.slice(0, -1),
        );
      } finally {
        await ctx?.close();
      }
    };

  registerDemo(program, run);
  registerInit(program, run);
  registerGenerate(program, run);
  registerIngest(program, run);
  registerIdentity(program, run);
  registerRun(program, run);
  registerBackfill(program, run);
  registerJobs(program, run);
  registerSchedule(program, run);
  registerHealth(program, run);
  registerForecast(program, run);
  registerSegments(program, run);
  registerStatus(program, run);
  registerSql(program, run);
  registerMigrate(program, run);
  registerCopy(program, run);
  registerServe(program, run);
  return program;
}

/** Runs the CLI; the single place where errors become a message and an exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      // commander already printed help, the version or the usage error.
      return e.exitCode ?? 2;
    }
    const verbose = argv.includes('--verbose') || argv.includes('-v');
    const { text, code } = describeError(err, verbose);
    process.stderr.write(text + '\n');
    return code;
  }
}
