import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GENERATOR_VERSION, generate } from '../generator/index.ts';
import { connectorNames } from '../connectors/index.ts';
import type { LoadedConfig } from './config/load.ts';
import { evaluateIdentity } from './identity-job.ts';
import { projectJobs, runMany } from './jobs/runner.ts';
import { projectTarget } from './open-project.ts';
import type { runDemo } from './demo.ts';

type Steps = Parameters<typeof runDemo>[3];

/**
 * The demo: generate, then every job in dependency order (`cdp run --all`, models as of the
 * generated data's last day so the demo's figures never age), then identity against the truth.
 * `target` is the --warehouse the demo was given (for job locks).
 */
export function demoSteps(target?: string): Steps {
  return [
    {
      name: 'generate',
      run: async ({ loaded, log }) => {
        const demo = loaded.config.demo;
        const out = resolve(loaded.baseDir, demo.dataDir);
        const options = { customers: demo.customers, seed: demo.seed, start: demo.start, days: demo.days };
        // Same options, same bytes: a rerun reuses the feeds, so ingest finds them already loaded.
        if (sameGeneration(out, options))
          return `reused ${out} (${demo.customers} people, seed ${demo.seed})`;
        rmSync(out, { recursive: true, force: true });
        let phase = '';
        const manifest = await generate({
          out,
          ...options,
          onProgress: (p) => {
            if (p.phase !== phase) log.info(`generate: ${(phase = p.phase)}`);
          },
        });
        return `${manifest.files.length} files for ${demo.customers} people in ${out}`;
      },
    },
    {
      name: 'run --all',
      run: async ({ wh, loaded, log }) => {
        const env = {
          wh,
          target: projectTarget(loaded, target),
          loaded,
          log,
          jobs: projectJobs(loaded),
        };
        const results = await runMany(env, env.jobs.set.dag.order, { asOf: demoLastDay(loaded.config.demo) });
        const failed = results.filter((r) => r.status !== 'succeeded');
        if (failed.length) {
          throw new Error(
            `demo: ${failed.map((r) => `${r.job} ${r.status}${r.summary ? `: ${r.summary}` : ''}`).join('; ')}`,
          );
        }
        return results.map((r) => ({ name: r.job, seconds: r.seconds, detail: r.summary ?? '' }));
      },
    },
    {
      name: 'identity eval',
      run: async ({ wh, loaded }) => {
        const truth = join(resolve(loaded.baseDir, loaded.config.demo.dataDir), 'ground_truth.csv');
        if (!existsSync(truth)) return 'no ground truth generated';
        const e = await evaluateIdentity(wh, truth);
        const f = (x: number) => x.toFixed(3);
        const personal = e.personal
          ? `; without ${e.records - e.personal.records} account-only records: precision ${f(e.personal.precision)}, recall ${f(e.personal.recall)}, F1 ${f(e.personal.f1)}`
          : '';
        return `precision ${f(e.precision)}, recall ${f(e.recall)}, F1 ${f(e.f1)} over ${e.records} records (${e.predictedCustomers} customers, ${e.truePersons} true persons)${personal}`;
      },
    },
  ];
}

/** The last generated day: demo.start + demo.days - 1. */
function demoLastDay(demo: { start: string; days: number }): string {
  const d = new Date(`${demo.start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + demo.days - 1);
  return d.toISOString().slice(0, 10);
}

/** Whether `out` holds feeds the current generator wrote with these options (so the demo can reuse them). */
export function sameGeneration(out: string, options: Record<string, unknown>): boolean {
  const file = join(out, 'manifest.json');
  if (!existsSync(file)) return false;
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
      generatorVersion?: number;
      options?: Record<string, unknown>;
    };
    // Feeds from an older generator lack what the jobs now read (e.g. the equipment feeds).
    if (manifest.generatorVersion !== GENERATOR_VERSION) return false;
    return Object.entries(options).every(([k, v]) => manifest.options?.[k] === v);
  } catch {
    return false;
  }
}

/**
 * The configuration the demo runs: the project's, plus one source per connector reading the
 * generated feeds when the project configures no sources (a starter jobs.config.ts).
 */
export function demoConfig(loaded: LoadedConfig): LoadedConfig {
  if (Object.keys(loaded.config.sources).length > 0) return loaded;
  const sources = Object.fromEntries(
    connectorNames()
      .filter((name) => name !== 'file')
      .map((name) => [
        name,
        {
          connector: name as LoadedConfig['config']['sources'][string]['connector'],
          paths: [join(loaded.config.demo.dataDir, name)],
          currency: 'CNY',
        },
      ]),
  );
  return { ...loaded, config: { ...loaded.config, sources } };
}
