// `npm run bench`: runs the benchmark cases, prints ours vs baseline per case and writes
// bench/results/<timestamp>.json and latest.json. See bench/README.md.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ENGINES, type BenchCase, type Engine } from './case.ts';
import { CASES } from './cases/index.ts';
import { openEnvironment, type BenchEnvironment } from './environment.ts';
import { machineInfo, renderTable, writeResults, type RunOptions, type RunRecord } from './report.ts';

const USAGE = `usage: npm run bench [-- [--only <name-substring>[,...]] [--scale <n>] [--repeat <n>]
                           [--engines duckdb,postgres] [--list]]

  --only     run only cases whose name contains one of these substrings
  --scale    multiply every case's default size (default 1; 0.1 for a quick look)
  --repeat   interleaved trials of ours and of the baseline; medians are reported (default 3)
  --engines  engines to run engine cases on (default duckdb,postgres)
  --list     list the cases and exit

Postgres cases start a throwaway server, or use CDP_BENCH_PG_URL when set.`;

class UsageError extends Error {}

/** Parses the command line; throws UsageError on anything it does not understand. */
function parseOptions(argv: string[]): RunOptions & { list: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        only: { type: 'string', multiple: true },
        scale: { type: 'string', default: '1' },
        repeat: { type: 'string', default: '3' },
        engines: { type: 'string', default: ENGINES.join(',') },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) throw new UsageError('');
  const scale = Number(values.scale);
  if (!Number.isFinite(scale) || scale <= 0)
    throw new UsageError(`--scale must be a positive number, not ${values.scale}`);
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1)
    throw new UsageError(`--repeat must be a whole number ≥ 1, not ${values.repeat}`);
  const engines = values.engines
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const unknown = engines.filter((e) => !(ENGINES as readonly string[]).includes(e));
  if (unknown.length || !engines.length) {
    throw new UsageError(
      `--engines takes a comma-separated list of ${ENGINES.join(', ')}; got ${values.engines}`,
    );
  }
  const only = (values.only ?? [])
    .flatMap((o) => o.split(','))
    .map((o) => o.trim())
    .filter(Boolean);
  return { only, scale, repeat, engines: engines as Engine[], list: values.list };
}

/** Each selected case once per selected engine it supports; engine-free cases once. */
function selectRuns(options: RunOptions): { bench: BenchCase; engine: Engine | null }[] {
  const runs: { bench: BenchCase; engine: Engine | null }[] = [];
  for (const bench of CASES) {
    if (options.only.length && !options.only.some((o) => bench.name.includes(o))) continue;
    if (!bench.engines) runs.push({ bench, engine: null });
    else
      for (const engine of bench.engines.filter((e) => options.engines.includes(e)))
        runs.push({ bench, engine });
  }
  return runs;
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    if (err.message) process.stderr.write(`${err.message}\n\n`);
    process.stderr.write(`${USAGE}\n`);
    return err.message ? 2 : 0;
  }
  const { list, ...runOptions } = options;
  if (list) {
    for (const c of CASES)
      process.stdout.write(`${c.name} [${c.engines?.join(', ') ?? 'no engine'}]\n  ${c.description}\n`);
    return 0;
  }
  const names = CASES.map((c) => c.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`two cases in bench/cases/index.ts are named ${dup}`);
  const runs = selectRuns(runOptions);
  if (!runs.length) {
    process.stderr.write(
      `no case matches --only ${runOptions.only.join(',')} on ${runOptions.engines.join(',')}\n`,
    );
    return 2;
  }

  const startedAt = new Date();
  const machine = machineInfo();
  log(
    `${runs.length} run(s), scale ${runOptions.scale}, repeat ${runOptions.repeat}, ${machine.cpuCount} x ${machine.cpuModel}`,
  );
  let env: BenchEnvironment;
  try {
    env = await openEnvironment({ needsPostgres: runs.some((r) => r.engine === 'postgres'), log });
  } catch (err) {
    process.stderr.write(
      `cannot set up the benchmark run: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 1;
  }
  const interrupted = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping`);
    void env.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const records: RunRecord[] = [];
  try {
    for (const { bench, engine } of runs) records.push(await runOne(env, bench, engine, runOptions));
  } finally {
    await env.close();
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
  }

  process.stdout.write(`${renderTable(records)}\n`);
  process.stdout.write(
    'ratio = ours throughput / baseline throughput (medians); >= 1 means we are faster.\n',
  );
  const path = await writeResults(fileURLToPath(new URL('./results/', import.meta.url)), {
    startedAt,
    finishedAt: new Date(),
    options: runOptions,
    versions: env.versions,
    machine,
    records,
  });
  log(`wrote ${path} and latest.json`);
  return records.some((r) => r.error !== undefined) ? 1 : 0;
}

async function runOne(
  env: BenchEnvironment,
  bench: BenchCase,
  engine: Engine | null,
  options: RunOptions,
): Promise<RunRecord> {
  const label = engine ? `${bench.name} [${engine}]` : bench.name;
  const caseLog = (line: string): void => log(`${label}: ${line}`);
  caseLog('start');
  const start = performance.now();
  const ctx = env.context(engine, options, caseLog);
  const base = { case: bench.name, engine, description: bench.description };
  try {
    const result = await bench.run(ctx);
    const wallSeconds = (performance.now() - start) / 1000;
    caseLog(`done in ${wallSeconds.toFixed(1)} s: ratio ${result.ratio.toFixed(2)}`);
    return { ...base, wallSeconds, result };
  } catch (err) {
    const wallSeconds = (performance.now() - start) / 1000;
    caseLog(`FAILED after ${wallSeconds.toFixed(1)} s`);
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return { ...base, wallSeconds, error: err instanceof Error ? err.message : String(err) };
  }
}

process.exitCode = await main();
