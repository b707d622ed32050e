import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWarehouse, sql } from '../../warehouse/index.ts';
import { startChild, type Child } from './fixtures/child.ts';

async function rowsIn(path: string): Promise<string[]> {
  const { warehouse } = await openWarehouse({ engine: 'duckdb', path }, { migrate: false });
  try {
    const { rows } = await warehouse.query<{ job: string; part: number }>(
      sql`SELECT job, part FROM steps ORDER BY job, part`,
    );
    return rows.map((r) => `${r.job}.${r.part}`);
  } finally {
    await warehouse.close();
  }
}

describe('SIGTERM in a real process', () => {
  const children: Child[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.process.exitCode === null) c.process.kill('SIGKILL');
  });
  const run = (mode: string): { child: Child; path: string } => {
    const path = join(mkdtempSync(join(tmpdir(), 'cdp-shutdown-')), 'w.duckdb');
    const child = startChild('steps-until-signal.ts', [path, mode]);
    children.push(child);
    return { child, path };
  };

  it('finishes the current job, starts no other, and exits 143', async () => {
    const { child, path } = run('finish');
    await child.waitFor('started s2');
    child.process.kill('SIGTERM');
    const results = await child.waitFor('results');
    expect(results.results).toEqual([
      { job: 's1', status: 'succeeded' },
      { job: 's2', status: 'succeeded' },
      { job: 's3', status: 'skipped', reason: 'shutdown' },
    ]);
    expect((await child.exited).code).toBe(143);
    expect(await rowsIn(path)).toEqual(['s1.1', 's1.2', 's2.1', 's2.2']);
  });

  it('or rolls the current job back when it stops at the signal: nothing of it is left', async () => {
    const { child, path } = run('rollback');
    await child.waitFor('started s2');
    child.process.kill('SIGTERM');
    const results = await child.waitFor('results');
    expect(results.results).toEqual([
      { job: 's1', status: 'succeeded' },
      { job: 's2', status: 'failed', error: 'stopping: received SIGTERM' },
      { job: 's3', status: 'skipped', reason: 'shutdown' },
    ]);
    expect((await child.exited).code).toBe(143);
    expect(await rowsIn(path)).toEqual(['s1.1', 's1.2']);
  });

  it('a second signal exits at once; the open transaction dies with the process', async () => {
    const { child, path } = run('finish');
    await child.waitFor('started s2');
    child.process.kill('SIGTERM');
    await child.waitFor('signal');
    child.process.kill('SIGINT');
    const exit = await child.exited;
    expect(exit.code).toBe(130);
    expect(child.events.some((e) => e.event === 'done s2')).toBe(false);
    expect(await rowsIn(path)).toEqual(['s1.1', 's1.2']);
  });
});
