import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshTarget } from '../../test/engines.ts';
import { openWarehouse, sql, type Warehouse, type WarehouseTarget } from '../../warehouse/index.ts';
import { parseConfig, type LoadedConfig } from '../config/load.ts';
import type { CdpConfigInput } from '../config/schema.ts';
import { createLogger } from '../log.ts';
import { projectJobs, runJobNow, runMany, type RunEnvironment } from './runner.ts';
import { runScheduler } from './schedule.ts';

const log = createLogger({ format: 'json', quiet: true });
const open: Warehouse[] = [];
afterAll(async () => {
  for (const w of open) await w.close();
});

async function environment(
  engine: (typeof ENGINES)[number],
  label: string,
  input: CdpConfigInput,
): Promise<RunEnvironment> {
  const target: WarehouseTarget = await freshTarget(engine, label);
  const { warehouse } = await openWarehouse(target, { timezone: 'Asia/Shanghai' });
  open.push(warehouse);
  const loaded: LoadedConfig = {
    config: parseConfig({ warehouse: { timezone: 'Asia/Shanghai' }, ...input }, 'test.config.ts'),
    baseDir: process.cwd(),
    file: 'test.config.ts',
  };
  return { wh: warehouse, target, loaded, log, jobs: projectJobs(loaded) };
}

const runsOf = async (wh: Warehouse, job: string) =>
  (
    await wh.query<{ status: string; as_of: string | null; error: string | null }>(
      sql`SELECT status, as_of, error FROM ops.job_runs WHERE job = ${job} ORDER BY started_at, as_of`,
    )
  ).rows;

describe.each(ENGINES)('jobs on %s', (engine) => {
  it('runs jobs in dependency order, retries a failing one, and skips what lies below it', async () => {
    const env = await environment(engine, 'jobs_dag', {
      jobs: {
        // Declared out of order on purpose: the graph decides.
        report: {
          kind: 'sql',
          inputs: ['marts.facts'],
          sql: 'CREATE TABLE marts.report AS SELECT count(*) AS n FROM marts.facts',
        },
        facts: {
          kind: 'sql',
          dependsOn: ['base'],
          outputs: ['marts.facts'],
          sql: 'SELECT * FROM marts.no_such_table',
          retries: 2,
          retryBackoffSeconds: 0.05,
        },
        base: {
          kind: 'sql',
          sql: [
            'CREATE TABLE marts.base (as_of DATE)',
            'INSERT INTO marts.base VALUES (CAST(:as_of AS DATE))',
          ],
        },
        other: {
          kind: 'sql',
          sql: 'CREATE TABLE marts.other AS SELECT CAST(:n AS INTEGER) AS n',
          params: { n: 7 },
        },
      },
    });
    const results = await runMany(env, ['report', 'facts', 'base', 'other'], { asOf: '2025-06-30' });
    expect(results.map((r) => [r.job, r.status])).toEqual([
      ['base', 'succeeded'],
      ['facts', 'failed'],
      ['other', 'succeeded'],
      ['report', 'skipped'],
    ]);
    expect((await runsOf(env.wh, 'facts')).map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    expect(await runsOf(env.wh, 'report')).toEqual([
      { status: 'skipped', as_of: '2025-06-30', error: 'upstream failed: facts' },
    ]);
    expect((await env.wh.query(sql`SELECT as_of FROM marts.base`)).rows).toEqual([{ as_of: '2025-06-30' }]);
    expect((await env.wh.query(sql`SELECT n FROM marts.other`)).rows).toEqual([{ n: 7 }]);
    // A failed SQL job leaves nothing behind: its statements ran in one transaction.
    await expect(runJobNow(env, 'base', { asOf: '2025-07-01' })).rejects.toThrow(/already exists/);
    expect((await env.wh.query(sql`SELECT count(*) AS n FROM marts.base`)).rows[0]!.n).toBe(1);
  });

  it('names an unknown :param of a SQL job', async () => {
    const env = await environment(engine, 'jobs_param', {
      jobs: { p: { kind: 'sql', sql: "SELECT :nope, '::text :inside'" } },
    });
    await expect(runJobNow(env, 'p', { asOf: '2025-06-30' })).rejects.toThrow(
      'jobs.p.sql uses :nope, which is neither :as_of nor a key of jobs.p.params (as_of)',
    );
  });

  it('marks runs a killed process left running as abandoned when the job next runs', async () => {
    const env = await environment(engine, 'jobs_abandoned', {
      jobs: { snap: { kind: 'sql', sql: 'SELECT 1' } },
    });
    await env.wh.query(
      sql`INSERT INTO ops.job_runs (run_id, job, status, started_at) VALUES ('dead', 'snap', 'running', ${new Date('2025-01-01T00:00:00Z')})`,
    );
    await runJobNow(env, 'snap', { asOf: '2025-06-30' });
    expect((await runsOf(env.wh, 'snap')).map((r) => r.status)).toEqual(['abandoned', 'succeeded']);
  });

  it('catches up missed runs after downtime per job setting, and does not run below a failed upstream', async () => {
    const daily = (catchUp: 'all' | 'latest' | 'skip') => ({
      kind: 'sql' as const,
      schedule: '0 4 * * *',
      catchUp,
      sql: `INSERT INTO marts.snaps VALUES ('${catchUp}', CAST(:as_of AS DATE))`,
    });
    const env = await environment(engine, 'jobs_catchup', {
      jobs: {
        snap_all: daily('all'),
        snap_latest: daily('latest'),
        snap_skip: daily('skip'),
        broken: {
          kind: 'sql',
          schedule: '0 4 * * *',
          outputs: ['marts.broken'],
          sql: 'SELECT * FROM marts.no_such_table',
        },
        after_broken: { kind: 'sql', schedule: '0 5 * * *', inputs: ['marts.broken'], sql: 'SELECT 1' },
      },
    });
    await env.wh.exec('CREATE TABLE marts.snaps (mode VARCHAR, as_of DATE)');
    // Every job last ran at 04:00 Shanghai time on March 7th; the scheduler comes back on the 10th at noon.
    for (const job of ['snap_all', 'snap_latest', 'snap_skip', 'broken', 'after_broken']) {
      await env.wh.query(sql`INSERT INTO ops.job_runs (run_id, job, status, started_at, finished_at)
        VALUES (${job}, ${job}, 'succeeded', ${new Date('2026-03-07T04:00:00+08:00')}, ${new Date('2026-03-07T04:00:01+08:00')})`);
    }
    const ticks: string[] = [];
    await runScheduler(env.jobs, (fn) => fn(env), {
      signal: new AbortController().signal,
      once: true,
      now: () => new Date('2026-03-10T12:00:00+08:00'),
      onTick: (t) => ticks.push(...t.skippedMissed.map((m) => `${m.job} ${m.first.date}..${m.last.date}`)),
    });
    const snaps = (
      await env.wh.query<{ mode: string; as_of: string }>(
        sql`SELECT mode, as_of FROM marts.snaps ORDER BY mode, as_of`,
      )
    ).rows;
    expect(snaps).toEqual([
      { mode: 'all', as_of: '2026-03-08' },
      { mode: 'all', as_of: '2026-03-09' },
      { mode: 'all', as_of: '2026-03-10' },
      { mode: 'latest', as_of: '2026-03-10' },
    ]);
    expect(ticks).toContain('snap_latest 2026-03-08..2026-03-09');
    expect(ticks).toContain('snap_skip 2026-03-08..2026-03-10');
    // broken failed on the 10th: after_broken (05:00, reads its table) is not run but recorded skipped.
    const after = await runsOf(env.wh, 'after_broken');
    expect(after.at(-1)).toMatchObject({ status: 'skipped', error: 'upstream failed: broken' });
  });
});
