import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmallRun } from './test-support.ts';
import { smallRun } from './test-support.ts';

async function digest(run: SmallRun): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const path of ['manifest.json', ...run.manifest.files.map((f) => f.path)]) {
    out.set(
      path,
      createHash('sha256')
        .update(await readFile(join(run.dir, path)))
        .digest('hex'),
    );
  }
  return out;
}

describe('determinism', () => {
  const runs: SmallRun[] = [];
  beforeAll(async () => {
    runs.push(
      await smallRun({ seed: 7, days: 45 }),
      await smallRun({ seed: 7, days: 45 }),
      await smallRun({ seed: 8, days: 45 }),
    );
  });
  afterAll(() => Promise.all(runs.map((r) => r.cleanup())));

  it('writes byte-identical files (manifest included) for identical options', async () => {
    const [a, b] = [await digest(runs[0] as SmallRun), await digest(runs[1] as SmallRun)];
    expect(a.size).toBeGreaterThan(100);
    expect([...b.entries()]).toEqual([...a.entries()]);
  });

  it('writes different data for a different seed', async () => {
    const [a, c] = [await digest(runs[0] as SmallRun), await digest(runs[2] as SmallRun)];
    const same = ['ground_truth.csv', 'ecommerce/orders-202501.ndjson', 'his/Patient.ndjson'].filter(
      (p) => a.get(p) === c.get(p),
    );
    expect(same).toEqual([]);
  });

  it('records the options and the seed in the manifest, not the output path', () => {
    const m = (runs[0] as SmallRun).manifest;
    expect(m.options).toEqual({ customers: 300, seed: 7, start: '2025-01-01', days: 45 });
    expect(m.seed).toBe(7);
    expect(JSON.stringify(m)).not.toContain((runs[0] as SmallRun).dir);
  });
});
