import type { Command } from 'commander';
import { resolve } from 'node:path';
import { generate } from '../../generator/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { UsageError } from '../errors.ts';

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} takes a whole number; got '${v}'`);
  return n;
};

/** `cdp generate`: writes a deterministic synthetic data set in every source system's own shape. */
export function registerGenerate(program: Command, run: Run): void {
  program
    .command('generate')
    .description(
      'write synthetic feeds (POS, e-commerce, mini-program, HIS, CRM, tickets, WMS, consents, equipment) plus ground_truth.csv',
    )
    .requiredOption(
      '--out <dir>',
      'output directory (created; a previous generator output there is replaced)',
    )
    .option('--customers <n>', 'people in the hidden population', int('customers'), 1000)
    .option('--seed <n>', 'random seed: the same seed and options give byte-identical files', int('seed'), 42)
    .option('--start <date>', 'first day of the window (YYYY-MM-DD)', '2025-01-01')
    .option('--days <n>', 'length of the window in days', int('days'), 365)
    .action(
      run(
        async (
          ctx: CommandContext,
          o: { out: string; customers: number; seed: number; start: string; days: number },
        ) => {
          const began = performance.now();
          let phase = '';
          const manifest = await generate({
            out: resolve(o.out),
            customers: o.customers,
            seed: o.seed,
            start: o.start,
            days: o.days,
            onProgress: (p) => {
              if (p.phase !== phase) ctx.log.info(`generate: ${(phase = p.phase)}`);
            },
          });
          const rows = manifest.files.reduce((s, f) => s + f.rows, 0);
          const mb = manifest.files.reduce((s, f) => s + f.bytes, 0) / 1e6;
          process.stdout.write(
            `wrote ${manifest.files.length} files, ${rows} rows, ${mb.toFixed(1)} MB to ${resolve(o.out)} in ${((performance.now() - began) / 1000).toFixed(1)} s (ground truth: ground_truth.csv, manifest: manifest.json)\n`,
          );
        },
      ),
    );
}
