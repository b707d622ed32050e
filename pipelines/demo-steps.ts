import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connectorNames } from '../connectors/index.ts';
import { generate } from '../generator/index.ts';
import { evaluateIdentity, runIdentityJob } from './identity-job.ts';
import { runIngest } from './ingest-job.ts';
import { runValueModelJob } from './models-job.ts';
import { VALUE_MODELS } from '../models/index.ts';
import type { runDemo } from './demo.ts';

type Steps = Parameters<typeof runDemo>[3];

/** The demo's steps as of now; each issue that lands adds its own. */
export function demoSteps(): Steps {
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
    ...connectorNames().map((name) => ({
      name: `ingest ${name}`,
      run: async ({ wh, loaded, log }: Parameters<Steps[number]['run']>[0]) => {
        const dir = join(resolve(loaded.baseDir, loaded.config.demo.dataDir), name);
        if (!existsSync(dir)) return 'no feed generated';
        const r = await runIngest(wh, loaded, log, name, [dir]);
        const t = r.totals;
        return `${t.read} read = ${t.loaded} loaded + ${t.quarantined} quarantined + ${t.duplicates} duplicates (${r.files.length - t.skippedFiles} new files)`;
      },
    })),
    {
      name: 'identity',
      run: async ({ wh, loaded, log }) => {
        const r = await runIdentityJob(wh, loaded, log);
        if (r.skipped)
          return `${r.records} source records, ${r.customers} customers: nothing changed since the last run`;
        return `${r.records} source records -> ${r.customers} customers (${r.changes.merge} merges, ${r.changes.create} new IDs)`;
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
    // The models run as of the generated data's last day, so the demo's figures never age.
    ...VALUE_MODELS.map((model) => ({
      name: model,
      run: async ({ wh, loaded, log }: Parameters<Steps[number]['run']>[0]) => {
        const r = await runValueModelJob(wh, loaded, log, model, { asOf: demoLastDay(loaded.config.demo) });
        const left = Object.values(r.usage.excluded).reduce((a, b) => a + b, 0);
        const head = `as of ${r.asOf}: ${r.rows} rows from ${r.usage.counted} orders (${left} left out, by reason in ops.job_runs)`;
        if (model === 'rfm') {
          const top = Object.entries(r.details.segments as Record<string, number>)
            .sort((a, b) => b[1] - a[1])
            .slice(0, 3)
            .map(([s, n]) => `${n} ${s}`);
          return `${head}; ${top.join(', ')}`;
        }
        if (model === 'clv') {
          const b = r.details.bgnbd as { r: number; alpha: number; a: number; b: number } | null;
          return b
            ? `${head}; BG/NBD r ${b.r.toFixed(3)} alpha ${b.alpha.toFixed(2)} a ${b.a.toFixed(3)} b ${b.b.toFixed(3)}`
            : head;
        }
        return head;
      },
    })),
  ];
}

/** The last generated day: demo.start + demo.days - 1. */
function demoLastDay(demo: { start: string; days: number }): string {
  const d = new Date(`${demo.start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + demo.days - 1);
  return d.toISOString().slice(0, 10);
}

function sameGeneration(out: string, options: Record<string, unknown>): boolean {
  const file = join(out, 'manifest.json');
  if (!existsSync(file)) return false;
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { options?: Record<string, unknown> };
    return Object.entries(options).every(([k, v]) => manifest.options?.[k] === v);
  } catch {
    return false;
  }
}
