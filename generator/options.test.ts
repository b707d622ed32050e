import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, GenerateOptionsSchema } from './index.ts';

describe('options and the output folder', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cdp-gen-opts-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('fills the documented defaults', () => {
    const o = GenerateOptionsSchema.parse({ out: '/tmp/x' });
    expect(o).toEqual({ out: '/tmp/x', customers: 1000, seed: 42, start: '2025-01-01', days: 365 });
  });

  it('rejects impossible dates and sizes', () => {
    expect(GenerateOptionsSchema.safeParse({ out: 'x', start: '2025-02-30' }).success).toBe(false);
    expect(GenerateOptionsSchema.safeParse({ out: 'x', customers: 0 }).success).toBe(false);
    expect(GenerateOptionsSchema.safeParse({ out: '' }).success).toBe(false);
  });

  it('refuses a non-empty folder it did not write, and overwrites one it did', async () => {
    const foreign = join(root, 'foreign');
    await generate({ out: join(foreign, 'nested'), customers: 20, days: 3 });
    await writeFile(join(foreign, 'notes.txt'), 'mine');
    await expect(generate({ out: foreign, customers: 20, days: 3 })).rejects.toThrow(/refusing to write/);

    const previous = join(root, 'previous');
    const progress: string[] = [];
    await generate({ out: previous, customers: 20, days: 3 });
    const again = await generate({
      out: previous,
      customers: 25,
      days: 2,
      onProgress: (p) => progress.push(p.phase),
    });
    expect(again.options.customers).toBe(25);
    expect(await readdir(join(previous, 'pos', 'SH01'))).toHaveLength(2);
    expect(new Set(progress)).toEqual(new Set(['persons', 'days']));

    await writeFile(join(previous, 'pos', 'extra.csv'), 'x');
    await expect(generate({ out: previous, customers: 20, days: 3 })).rejects.toThrow(
      /not written by the generator/,
    );
  });
});
