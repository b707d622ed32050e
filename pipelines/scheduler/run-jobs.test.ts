import { describe, expect, it } from 'vitest';
import { buildDag, runJobs, type JobStatus } from './index.ts';

const dag = buildDag([
  { name: 'ingest', outputs: ['core.orders'] },
  { name: 'identity', inputs: ['core.orders'], outputs: ['core.customers'] },
  { name: 'rfm', inputs: ['core.customers'], outputs: ['marts.rfm'] },
  { name: 'segments', inputs: ['marts.rfm'] },
  { name: 'kpis', inputs: ['core.orders'] },
]);

describe('running jobs in order', () => {
  it('runs in graph order and skips everything below a failed job, but not other branches', async () => {
    const ran: string[] = [];
    const skipped: string[] = [];
    const results = await runJobs(
      dag,
      dag.order,
      async (job) => {
        ran.push(job);
        if (job === 'identity') throw new Error('identity broke');
      },
      { onSkip: (job, reason) => void skipped.push(`${job}: ${reason}`) },
    );
    expect(ran).toEqual(['ingest', 'identity', 'kpis']);
    expect(skipped).toEqual(['rfm: upstream failed: identity', 'segments: upstream failed: identity']);
    expect(results.map((r) => [r.job, r.status])).toEqual([
      ['ingest', 'succeeded'],
      ['identity', 'failed'],
      ['kpis', 'succeeded'],
      ['rfm', 'skipped'],
      ['segments', 'skipped'],
    ]);
    expect((results[1]?.error as Error).message).toBe('identity broke');
  });

  it("a job may report its own failure by returning 'failed'", async () => {
    const results = await runJobs(dag, ['ingest', 'kpis'], async (job): Promise<JobStatus> =>
      job === 'ingest' ? 'failed' : 'succeeded',
    );
    expect(results.map((r) => `${r.job} ${r.status}`)).toEqual(['ingest failed', 'kpis skipped']);
  });

  it('runs only the jobs asked for, in order, without pulling in their dependencies', async () => {
    const ran: string[] = [];
    await runJobs(dag, ['segments', 'identity'], async (job) => void ran.push(job));
    expect(ran).toEqual(['identity', 'segments']);
  });

  it('starts no job after shutdown; the running one sees the signal', async () => {
    const shutdown = new AbortController();
    const seen: boolean[] = [];
    const results = await runJobs(
      dag,
      dag.order,
      async (job, signal) => {
        if (job === 'identity') shutdown.abort(new Error('SIGTERM'));
        seen.push(signal.aborted);
      },
      { signal: shutdown.signal },
    );
    expect(seen).toEqual([false, true]);
    expect(results.map((r) => `${r.job} ${r.status}${r.reason ? ` (${r.reason})` : ''}`)).toEqual([
      'ingest succeeded',
      'identity succeeded',
      'kpis skipped (shutdown)',
      'rfm skipped (shutdown)',
      'segments skipped (shutdown)',
    ]);
  });
});
