import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate, type GenerateManifest } from '../generator/index.ts';

const made = new Map<number, Promise<{ dir: string; manifest: GenerateManifest }>>();

/** A small generated data set (200 people, 30 days) for a seed, made once per test file. */
export function generatedSample(seed: number): Promise<{ dir: string; manifest: GenerateManifest }> {
  let run = made.get(seed);
  if (!run) {
    run = mkdtemp(join(tmpdir(), `cdp-gen-${seed}-`)).then(async (dir) => ({
      dir,
      manifest: await generate({ out: dir, customers: 200, seed, start: '2025-01-01', days: 30 }),
    }));
    made.set(seed, run);
  }
  return run;
}

/** The ground-truth record keys of one feed of a generated data set. */
export function groundTruthKeys(dir: string, feed: string): string[] {
  return readFileSync(join(dir, 'ground_truth.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .filter((c) => c[0] === feed)
    .map((c) => c[1]!);
}
