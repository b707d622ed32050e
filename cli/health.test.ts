import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../generator/index.ts';
import { runCli } from '../test/run-cli.ts';

const ENV = { CDP_NO_HEAP_RESTART: '1' };

describe('cdp health validate', () => {
  let cwd: string;
  beforeAll(async () => {
    const data = mkdtempSync(join(tmpdir(), 'cdp-health-data-'));
    await generate({ out: data, customers: 1500, seed: 3, start: '2025-01-01', days: 400 });
    cwd = mkdtempSync(join(tmpdir(), 'cdp-health-'));
    writeFileSync(
      join(cwd, 'jobs.config.ts'),
      `export default {
  warehouse: { timezone: 'Asia/Shanghai' },
  sources: {
    crm: { connector: 'crm', paths: [${JSON.stringify(join(data, 'crm'))}] },
    equipment: { connector: 'equipment', paths: [${JSON.stringify(join(data, 'equipment'))}] },
  },
};\n`,
    );
    for (const source of ['crm', 'equipment']) {
      const r = await runCli(['ingest', source], { cwd, env: ENV });
      expect(r.code, r.stderr).toBe(0);
    }
  }, 120_000);

  it('validates the equipment profile alone, and names the known profiles for an unknown one', async () => {
    const r = await runCli(['health', 'validate', '--profile', 'equipment', '--every', '28', '--json'], {
      cwd,
      env: ENV,
    });
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout) as { profile: string; scored: number; churners: number; auc: number };
    expect(v.profile).toBe('equipment');
    expect(v.scored).toBeGreaterThan(20);
    expect(v.churners).toBeGreaterThan(0);
    expect(v.auc).toBeGreaterThan(0.5);
    const bad = await runCli(['health', 'validate', '--profile', 'machines'], { cwd, env: ENV });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatchInlineSnapshot(`
      "cdp: --profile "machines" is not a profile of models.health.profiles; known: default, equipment
      "
    `);
  }, 120_000);
});
