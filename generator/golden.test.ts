// Golden digests: every byte of two small runs, pinned. Performance work on the generator must not move
// a single output byte, so any change here fails. If the output is changed on purpose, recompute the
// digests (sha256 over the sorted lines "path<TAB>sha256(file)\n", manifest.json included) and say so
// in the commit.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallRun } from './test-support.ts';

const GOLDEN = [
  {
    opts: { customers: 500, days: 60, seed: 3 },
    files: 1347,
    digest: 'dea33d8c0614740935a0fbe22e605e527c915a83a17d894e5837737d1e4d0c07',
  },
  {
    opts: { customers: 300, days: 400, seed: 9 },
    files: 8849,
    digest: 'df41bbc4faeb1fd2108706f59942045c97b9a57e6821750a619e7d174ebc68b9',
  },
] as const;

describe('golden output', () => {
  for (const g of GOLDEN) {
    it(`is byte-identical to the pinned digest for ${JSON.stringify(g.opts)}`, async () => {
      const run = await smallRun(g.opts);
      try {
        const paths = ['manifest.json', ...run.manifest.files.map((f) => f.path)].sort();
        const lines: string[] = [];
        for (const path of paths) {
          const sha = createHash('sha256')
            .update(await readFile(join(run.dir, path)))
            .digest('hex');
          lines.push(`${path}\t${sha}\n`);
        }
        expect(lines.length).toBe(g.files);
        expect(createHash('sha256').update(lines.join('')).digest('hex')).toBe(g.digest);
      } finally {
        await run.cleanup();
      }
    }, 120_000);
  }
});
