import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireJobLock } from '../pipelines/index.ts';
import { ENGINES, freshTarget, type Engine } from '../test/engines.ts';
import { generatedSample } from '../test/generated.ts';
import { runCli } from '../test/run-cli.ts';
import { openWarehouse, sql, type Warehouse, type WarehouseTarget } from '../warehouse/index.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'cdp.mjs');
const setting = (t: WarehouseTarget): string => (t.engine === 'duckdb' ? t.path : t.url);
// The pid cdp reports is the one that runs the jobs (no heap-cap restart in between).
const ENV = { CDP_NO_HEAP_RESTART: '1' };

/** A project directory whose jobs.config.ts reads the generated sample's feeds. */
async function project(extra = ''): Promise<string> {
  const { dir } = await generatedSample(31);
  const cwd = mkdtempSync(join(tmpdir(), 'cdp-jobs-'));
  const feeds = ['pos', 'ecommerce', 'miniprogram', 'his', 'wms', 'tickets', 'crm', 'consents'];
  writeFileSync(
    join(cwd, 'jobs.config.ts'),
    `export default {
  warehouse: { timezone: 'Asia/Shanghai' },
  sources: { ${feeds.map((f) => `${f}: { connector: '${f}', paths: [${JSON.stringify(join(dir, f))}] }`).join(', ')} },
  ${extra}
};\n`,
  );
  return cwd;
}

/** Every table a run writes, without the columns that record when or by which run. */
async function snapshot(target: WarehouseTarget): Promise<Record<string, unknown[]>> {
  const { warehouse } = await openWarehouse(target, { timezone: 'Asia/Shanghai' });
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of [
      'core.source_records',
      'core.customers',
      'core.orders',
      'core.order_lines',
      'core.events',
      'core.consents',
      'identity.records',
      'identity.customer_ids',
      'core.customer_360',
      'marts.rfm_scores',
      'marts.customer_tags',
      'marts.clv',
      'ops.ingested_files',
      'ops.quarantine',
    ]) {
      const r = await warehouse.query(sql`SELECT * FROM ${sql.__dangerous__rawValue(table)}`);
      const keep = r.columns
        .filter((c) => c.logical !== 'timestamptz' && !/run_id|actor/.test(c.name))
        .map((c) => c.name);
      // Times differ between the runs, so they are left out, and so is the one inside a record's
      // snapshot (its last element: when the record was seen, which may be when it was ingested).
      const value = (row: Record<string, unknown>, k: string) =>
        k === 'snapshot' && typeof row[k] === 'string'
          ? JSON.stringify((JSON.parse(row[k]) as unknown[]).slice(0, -1))
          : row[k];
      out[table] = r.rows.map((row) => JSON.stringify(keep.map((k) => value(row, k)))).sort();
    }
    return out;
  } finally {
    await warehouse.close();
  }
}

describe.each(ENGINES)('cdp jobs on %s', (engine: Engine) => {
  const holders: { release(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const h of holders) await h.release();
  });

  it('after kill -9 in the middle of run --all, a rerun leaves exactly the tables of an uninterrupted run', async () => {
    const cwd = await project();
    const clean = await freshTarget(engine, 'jobs_clean');
    const killed = await freshTarget(engine, 'jobs_killed');
    const args = ['run', '--all', '--as-of', '2025-01-30', '--log-format', 'json'];
    const ok = await runCli(args, { cwd, env: { ...ENV, CDP_WAREHOUSE: setting(clean) } });
    expect(ok.code, ok.stderr).toBe(0);

    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, ...ENV, CDP_WAREHOUSE: setting(killed) },
    });
    let log = '';
    const died = new Promise<void>((resolve) => child.on('close', () => resolve()));
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (b: Buffer) => {
        log += b.toString();
        // Kill it as identity starts writing: ingests are done, identity is mid-flight.
        if (log.includes('identity: ')) resolve();
      });
      child.on('close', () => resolve());
    });
    child.kill('SIGKILL');
    await died;
    expect(child.signalCode).toBe('SIGKILL');

    const rerun = await runCli(args, { cwd, env: { ...ENV, CDP_WAREHOUSE: setting(killed) } });
    expect(rerun.code, rerun.stderr).toBe(0);
    const [after, expected] = [await snapshot(killed), await snapshot(clean)];
    for (const table of Object.keys(expected)) expect(after[table], table).toEqual(expected[table]);
    const runs = await runCli(['runs', '--job', 'identity', '--format', 'json'], {
      cwd,
      env: { ...ENV, CDP_WAREHOUSE: setting(killed) },
    });
    const statuses = (JSON.parse(runs.stdout) as { status: string }[]).map((r) => r.status);
    expect(statuses[0]).toBe('succeeded');
    // The killed run, if it had got as far as recording itself, is marked abandoned, not running.
    expect(statuses).not.toContain('running');
  });

  it('refuses to run a job another process is running, naming it, and waits when asked', async () => {
    const cwd = await project();
    const target = await freshTarget(engine, 'jobs_lock');
    const env = { ...ENV, CDP_WAREHOUSE: setting(target) };
    const lock = await acquireJobLock(target, 'rfm');
    holders.push(lock);
    const refused = await runCli(['run', 'rfm', '--as-of', '2025-01-30'], { cwd, env });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('rfm');
    expect(refused.stderr).toContain(`pid ${process.pid}`);
    setTimeout(() => void lock.release(), 1500);
    const waited = await runCli(['run', 'rfm', '--as-of', '2025-01-30', '--wait', '30'], { cwd, env });
    expect(waited.code, waited.stderr).toBe(0);
  });

  it('backfills a job once per as_of day, and refuses a job that has no as_of', async () => {
    const cwd = await project(`jobs: {
    snap: { kind: 'sql', sql: ['CREATE TABLE IF NOT EXISTS marts.snaps (as_of DATE)', 'DELETE FROM marts.snaps WHERE as_of = CAST(:as_of AS DATE)', 'INSERT INTO marts.snaps VALUES (CAST(:as_of AS DATE))'] },
  },`);
    const target = await freshTarget(engine, 'jobs_backfill');
    const env = { ...ENV, CDP_WAREHOUSE: setting(target) };
    const r = await runCli(['backfill', 'snap', '--from', '2025-01-30', '--to', '2025-02-02'], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('snap 2025-02-02');
    // Twice: each day replaces its own rows.
    await runCli(['backfill', 'snap', '--from', '2025-01-31', '--to', '2025-02-01'], { cwd, env });
    const rows = await runCli(['sql', 'SELECT as_of FROM marts.snaps ORDER BY as_of', '--format', 'csv'], {
      cwd,
      env,
    });
    expect(rows.stdout.trim().split(/\r?\n/)).toEqual([
      'as_of',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
      '2025-02-02',
    ]);
    const refused = await runCli(['backfill', 'identity', '--from', '2025-01-01', '--to', '2025-01-02'], {
      cwd,
      env,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('identity works on the data there is now and has no as_of');
  });

  it('cdp schedule runs jobs unattended on their schedules until SIGTERM, then exits 143', async () => {
    const cwd = await project(`jobs: {
    tick: { kind: 'sql', schedule: '* * * * * *', sql: ['CREATE TABLE IF NOT EXISTS marts.ticks (as_of DATE)', 'INSERT INTO marts.ticks VALUES (CAST(:as_of AS DATE))'] },
  },`);
    const target = await freshTarget(engine, 'jobs_schedule');
    const env = { ...process.env, ...ENV, CDP_WAREHOUSE: setting(target) };
    const jobs = await runCli(['jobs', '--json'], { cwd, env: { ...ENV, CDP_WAREHOUSE: setting(target) } });
    const listed = JSON.parse(jobs.stdout) as {
      job: string;
      schedule: string | null;
      next_run: string | null;
      after: string[];
    }[];
    expect(listed.find((j) => j.job === 'tick')).toMatchObject({ schedule: '* * * * * * (Asia/Shanghai)' });
    expect(listed.find((j) => j.job === 'rfm')!.after).toContain('identity');
    const child = spawn(process.execPath, [BIN, 'schedule', '--log-format', 'json'], { cwd, env });
    let log = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (b: Buffer) => {
        log += b.toString();
        if ((log.match(/tick: succeeded/g) ?? []).length >= 2) resolve();
      });
      child.on('close', () => resolve());
    });
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code, log).toBe(143);
    const { warehouse }: { warehouse: Warehouse } = await openWarehouse(target);
    try {
      const r = await warehouse.query(
        sql`SELECT count(*) AS n FROM ops.job_runs WHERE job = 'tick' AND status = 'succeeded'`,
      );
      expect(Number(r.rows[0]!.n)).toBeGreaterThanOrEqual(2);
    } finally {
      await warehouse.close();
    }
  });
});
