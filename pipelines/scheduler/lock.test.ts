import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, freshTarget, hasPostgres, type Engine } from '../../test/engines.ts';
import { openWarehouse, WarehouseConnectionError, type WarehouseTarget } from '../../warehouse/index.ts';
import { startChild, type Child } from './fixtures/child.ts';
import { acquireJobLock, JobLockedError, withJobLock } from './index.ts';

const where = (t: WarehouseTarget): string => (t.engine === 'duckdb' ? t.path : t.url);

describe.each(ENGINES)('job lock on %s', (engine: Engine) => {
  const children: Child[] = [];
  const start = (...args: string[]): Child => {
    const c = startChild('hold-lock.ts', args);
    children.push(c);
    return c;
  };
  afterEach(() => {
    for (const c of children.splice(0)) if (c.process.exitCode === null) c.process.kill('SIGKILL');
  });
  const target = async (label: string): Promise<WarehouseTarget> => {
    if (engine === 'postgres' && !hasPostgres()) expect.fail('no PostgreSQL server from the harness');
    return freshTarget(engine, label);
  };

  it('a second process fails at once, naming the job, the holder pid and since when', async () => {
    const t = await target('lock_fail');
    const holder = start(where(t), 'identity', '-1', '0');
    const locked = await holder.waitFor('locked');
    const second = start(where(t), 'identity', '0', '0');
    const failed = await second.waitFor('failed');
    expect(failed.name).toBe('JobLockedError');
    expect(failed.message).toContain(
      `job "identity" is already running: pid ${holder.process.pid} on ${hostname()}`,
    );
    const since = new Date(/since ([^\s;]+)/.exec(String(failed.message))?.[1] ?? '');
    expect(Math.abs(since.getTime() - locked.at)).toBeLessThan(2000);
    expect((await second.exited).code).toBe(3);
  });

  it('a second process that may wait runs when the first releases', async () => {
    const t = await target('lock_wait');
    const first = start(where(t), 'rfm', '-1', '0');
    await first.waitFor('locked');
    const second = start(where(t), 'rfm', '0', '20000');
    const waiting = await second.waitFor('waiting');
    expect((waiting.holder as { pid: number }).pid).toBe(first.process.pid);
    first.process.kill('SIGUSR2');
    const released = await first.waitFor('released');
    const locked = await second.waitFor('locked');
    expect(locked.at).toBeGreaterThanOrEqual(released.at);
    expect((await second.exited).code).toBe(0);
  });

  it('other jobs are not blocked', async () => {
    const t = await target('lock_other');
    const first = start(where(t), 'rfm', '-1', '0');
    await first.waitFor('locked');
    const lock = await acquireJobLock(t, 'clv');
    await lock.release();
  });

  it('a holder killed with SIGKILL does not block the job for ever', async () => {
    const t = await target('lock_kill');
    const victim = start(where(t), 'identity', '-1', '0');
    await victim.waitFor('locked');
    await expect(acquireJobLock(t, 'identity')).rejects.toBeInstanceOf(JobLockedError);
    victim.process.kill('SIGKILL');
    await victim.exited;
    // Postgres drops the dead session's locks; the lock file names a pid that no longer exists.
    const lock = await acquireJobLock(t, 'identity', { waitMs: 10_000, pollMs: 100 });
    await lock.release();
  });

  it('holds within one process too, and a released lock can be taken again', async () => {
    const t = await target('lock_inproc');
    await withJobLock(t, 'tags', {}, async () => {
      const err = await acquireJobLock(t, 'tags').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(JobLockedError);
      expect((err as JobLockedError).holder.pid).toBe(process.pid);
    });
    const again = await acquireJobLock(t, 'tags');
    await again.release();
    await again.release();
  });

  it('stops waiting when the shutdown signal fires', async () => {
    const t = await target('lock_abort');
    const held = await acquireJobLock(t, 'forecast');
    const shutdown = new AbortController();
    setTimeout(() => shutdown.abort(new Error('SIGTERM')), 300);
    await expect(
      acquireJobLock(t, 'forecast', { waitMs: 30_000, pollMs: 50, signal: shutdown.signal }),
    ).rejects.toThrow('SIGTERM');
    await held.release();
  });
});

describe('job lock file (DuckDB)', () => {
  it('breaks a lock file left by a dead process, keeps one of a process on another host', async () => {
    const t = await freshTarget('duckdb', 'lock_stale');
    const path = where(t);
    mkdirSync(`${path}.locks`, { recursive: true });
    const file = `${path}.locks/job_identity.lock`;
    const stale = {
      name: 'job_identity',
      pid: 2 ** 22 + 12345,
      host: hostname(),
      since: '2026-01-01T00:00:00Z',
    };
    writeFileSync(file, JSON.stringify(stale));
    const lock = await acquireJobLock(t, 'identity');
    await lock.release();
    expect(readdirSync(`${path}.locks`)).toEqual([]);

    writeFileSync(file, JSON.stringify({ ...stale, host: 'elsewhere' }));
    await expect(acquireJobLock(t, 'identity')).rejects.toThrowErrorMatchingInlineSnapshot(
      `[JobLockedError: job "identity" is already running: pid 4206649 on elsewhere since 2026-01-01T00:00:00.000Z; wait for it to finish or stop that process, or retry with a wait]`,
    );
  });

  it('takes the lock before DuckDB opens the file: another job gets its lock, not the file', async () => {
    const t = await freshTarget('duckdb', 'lock_duckdb_file');
    const holder = startChild('hold-lock.ts', [where(t), 'identity', '-1', '0', 'open']);
    try {
      await holder.waitFor('opened');
      const lock = await acquireJobLock(t, 'rfm');
      const err = await openWarehouse(t).catch((e: unknown) => e);
      await lock.release();
      expect(err).toBeInstanceOf(WarehouseConnectionError);
      expect((err as Error).message).toContain(`in use by another process (PID ${holder.process.pid})`);
    } finally {
      holder.process.kill('SIGKILL');
    }
  });

  it('an in-memory warehouse locks within the process', async () => {
    const t: WarehouseTarget = { engine: 'duckdb', path: ':memory:' };
    const lock = await acquireJobLock(t, 'identity');
    await expect(acquireJobLock(t, 'identity')).rejects.toBeInstanceOf(JobLockedError);
    await lock.release();
    await (await acquireJobLock(t, 'identity')).release();
  });
});
