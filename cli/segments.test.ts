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
  it('cleans up a segment removed from the config and refuses a destination still naming it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cdp-seg-removed-'));
    const config = (segments: string) =>
      writeFileSync(
        join(cwd, 'jobs.config.ts'),
        `export default {
  segments: { ${segments} },
  destinations: {
    warned: { type: 'file', format: 'csv', directory: 'out', segment: 'warning', purpose: 'marketing', channel: 'sms' },
  },
};\n`,
      );
    const warning = `warning: { where: { kind: 'tag', tag: 'lifecycle_stage', values: ['churn_warning'] } }`;
    const mature = `mature: { where: { kind: 'tag', tag: 'lifecycle_stage', values: ['mature'] } }`;
    config(`${warning}, ${mature}`);
    const t = await freshTarget(engine, 'cli_seg_removed');
    await seed(t);
    const env = { CDP_WAREHOUSE: setting(t) };
    const first = await runCli(['run', 'segments', '--as-of', '2025-05-31'], { cwd, env });
    expect(first.code, first.stderr).toBe(0);

    config(mature);
    const removal = await runCli(['run', 'segments', '--as-of', '2025-06-01'], { cwd, env });
    expect(removal.code, removal.stderr).toBe(0);
    expect(removal.stdout).toContain('mature 1, warning removed (2 exited)');
    const { warehouse } = await openWarehouse(t);
    try {
      const q = async (text: string) => (await warehouse.query(sql.__dangerous__rawValue(text))).rows;
      expect(await q(`SELECT count(*) AS n FROM marts.segment_members WHERE segment = 'warning'`)).toEqual([
        { n: 0 },
      ]);
      expect(
        await q(`SELECT customer_id, change, reason FROM marts.segment_changes
          WHERE segment = 'warning' AND as_of = CAST('2025-06-01' AS DATE) ORDER BY customer_id`),
      ).toEqual([
        { customer_id: 'C1', change: 'exited', reason: 'segment_removed' },
        { customer_id: 'C3', change: 'exited', reason: 'segment_removed' },
      ]);
      expect(
        await q(
          `SELECT members, removed_at IS NOT NULL AS removed FROM marts.segments WHERE segment = 'warning'`,
        ),
      ).toEqual([{ members: 0, removed: true }]);
    } finally {
      await warehouse.close();
    }

    const exported = await runCli(['run', 'export_warned', '--as-of', '2025-06-01'], { cwd, env });
    expect(exported.code).toBe(3);
    expect(exported.stderr).toContain(
      'destinations.warned.segment: no segment "warning" is defined (defined: mature); it was removed or renamed',
    );
  });
});
