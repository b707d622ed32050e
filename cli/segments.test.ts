import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINES, freshTarget, type Engine } from '../test/engines.ts';
import { runCli } from '../test/run-cli.ts';
import { openWarehouse, sql, type WarehouseTarget } from '../warehouse/index.ts';

const setting = (t: WarehouseTarget): string => (t.engine === 'duckdb' ? t.path : t.url);
const NOW = new Date('2025-06-01T00:00:00Z');

async function seed(target: WarehouseTarget): Promise<void> {
  const { warehouse } = await openWarehouse(target);
  try {
    for (const [id, stage] of [
      ['C1', 'churn_warning'],
      ['C2', 'mature'],
      ['C3', 'churn_warning'],
    ] as const) {
      await warehouse.query(
        sql`INSERT INTO core.customers (customer_id, created_at, updated_at) VALUES (${id}, ${NOW}, ${NOW})`,
      );
      await warehouse.query(
        sql`INSERT INTO marts.customer_tags (as_of, customer_id, tag, value) VALUES (CAST('2025-05-31' AS DATE), ${id}, 'lifecycle_stage', ${stage})`,
      );
    }
  } finally {
    await warehouse.close();
  }
}

describe.each(ENGINES)('cdp segments on %s', (engine: Engine) => {
  it('materialises configured and JSON-file segments, lists, previews and explains them', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cdp-seg-'));
    writeFileSync(
      join(cwd, 'jobs.config.ts'),
      `import { define, tag } from ${JSON.stringify(join(import.meta.dirname, '..', 'segments', 'index.ts'))};
export default {
  segments: { warning: define(tag('lifecycle_stage').is('churn_warning'), { description: 'at risk' }) },
  segmentFiles: ['more.json'],
};\n`,
    );
    writeFileSync(
      join(cwd, 'more.json'),
      JSON.stringify({
        not_warning: { where: { kind: 'not', condition: { kind: 'segment', segment: 'warning' } } },
      }),
    );
    const t = await freshTarget(engine, 'cli_segments');
    await seed(t);
    const env = { CDP_WAREHOUSE: setting(t) };
    const run = await runCli(['run', 'segments', '--as-of', '2025-05-31'], { cwd, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('not_warning 1, warning 2');
    const list = JSON.parse((await runCli(['segments', 'list', '--json'], { cwd, env })).stdout) as {
      segment: string;
      members: number;
    }[];
    expect(list.map((s) => [s.segment, s.members])).toEqual([
      ['warning', 2],
      ['not_warning', 1],
    ]);
    const preview = JSON.parse(
      (await runCli(['segments', 'preview', 'warning', '--as-of', '2025-05-31', '--json'], { cwd, env }))
        .stdout,
    ) as { count: number; sample: string[] };
    expect(preview).toMatchObject({ count: 2 });
    expect([...preview.sample].sort()).toEqual(['C1', 'C3']);
    const why = await runCli(['segments', 'explain', 'not_warning', 'C2', '--as-of', '2025-05-31'], {
      cwd,
      env,
    });
    expect(why.stdout).toContain('C2 is in not_warning as of 2025-05-31');
    expect(why.stdout).toContain('segment warning');
    writeFileSync(join(cwd, 'more.json'), JSON.stringify({ bad: { where: { kind: 'rfm', r: [4, 2] } } }));
    const bad = await runCli(['segments', 'list'], { cwd, env });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('more.json');
    expect(bad.stderr).toContain('bad.where.r');
  });
});
