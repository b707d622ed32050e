import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  JobTimeoutError,
  retryPolicy,
  runWithRetries,
  type AttemptFailure,
  type RetryPolicy,
} from './index.ts';

const policy = (p: Partial<RetryPolicy> = {}): RetryPolicy => ({
  retries: 3,
  backoffMs: 20,
  maxBackoffMs: 1000,
  timeoutMs: 2000,
  ...p,
});

/** A job that fails its first `n` attempts, noting when each started. */
function flaky(n: number) {
  const starts: number[] = [];
  return {
    starts,
    fn: async ({ attempt }: { attempt: number }) => {
      starts.push(performance.now());
      if (attempt <= n) throw new Error(`boom ${attempt}`);
      return `ok on ${attempt}`;
    },
  };
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });

describe('retries', () => {
  it('retries a job that fails twice and returns its value and the attempts it took', async () => {
    const job = flaky(2);
    const failures: AttemptFailure[] = [];
    const r = await runWithRetries('rfm', job.fn, policy(), { onFailure: (f) => failures.push(f) });
    expect(r).toEqual({ value: 'ok on 3', attempts: 3 });
    expect(failures.map((f) => [f.attempt, (f.error as Error).message, f.retryInMs])).toEqual([
      [1, 'boom 1', 20],
      [2, 'boom 2', 40],
    ]);
  });

  it('waits with exponential backoff between attempts (real delays)', async () => {
    const job = flaky(3);
    await runWithRetries('rfm', job.fn, policy({ backoffMs: 40 }));
    const waits = job.starts.slice(1).map((t, i) => t - (job.starts[i] as number));
    expect(waits[0]).toBeGreaterThanOrEqual(38);
    expect(waits[1]).toBeGreaterThanOrEqual(78);
    expect(waits[2]).toBeGreaterThanOrEqual(158);
    expect(waits[2]).toBeLessThan(1000);
  });

  it('throws the last error once the retries are used up', async () => {
    const job = flaky(10);
    await expect(runWithRetries('rfm', job.fn, policy({ retries: 2 }))).rejects.toThrow('boom 3');
    expect(job.starts).toHaveLength(3);
  });

  it('does not retry what isRetryable refuses', async () => {
    const job = flaky(10);
    await expect(
      runWithRetries('rfm', job.fn, policy(), { isRetryable: (e) => !String(e).includes('boom 1') }),
    ).rejects.toThrow('boom 1');
    expect(job.starts).toHaveLength(1);
  });

  it('caps the backoff', () => {
    const p = policy({ backoffMs: 30_000, maxBackoffMs: 300_000 });
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffMs(p, a))).toEqual([
      30_000, 60_000, 120_000, 240_000, 300_000, 300_000,
    ]);
    expect(
      retryPolicy({ retries: 2, retryBackoffSeconds: 30, retryBackoffMaxSeconds: 600, timeoutSeconds: 60 }),
    ).toEqual({ retries: 2, backoffMs: 30_000, maxBackoffMs: 600_000, timeoutMs: 60_000 });
  });
});

describe('timeouts', () => {
  it('aborts the attempt at its timeout, then retries; a job that honours the signal stops', async () => {
    const seen: unknown[] = [];
    const r = await runWithRetries(
      'slow',
      async ({ attempt, signal }) => {
        if (attempt === 1) {
          await sleep(5000, signal).catch((reason: unknown) => {
            seen.push(reason);
            throw reason;
          });
        }
        return attempt;
      },
      policy({ timeoutMs: 100, retries: 1 }),
    );
    expect(r).toEqual({ value: 2, attempts: 2 });
    expect(seen[0]).toBeInstanceOf(JobTimeoutError);
    expect(String(seen[0])).toContain('job "slow" timed out after 100 ms (attempt 1)');
  });

  it('gives up on an attempt that ignores the abort, and does not retry it', async () => {
    let attempts = 0;
    const t0 = performance.now();
    const err = await runWithRetries(
      'stubborn',
      async () => {
        attempts++;
        await sleep(1500);
      },
      policy({ timeoutMs: 100, graceMs: 200, retries: 3 }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobTimeoutError);
    expect((err as JobTimeoutError).abandoned).toBe(true);
    expect((err as Error).message).toBe(
      'job "stubborn" timed out after 100 ms (attempt 1) and did not stop when asked; exit the process to end it',
    );
    expect(attempts).toBe(1);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('a result that arrives after the abort but within the grace period stands', async () => {
    const r = await runWithRetries(
      'committing',
      async () => {
        await sleep(150);
        return 'committed';
      },
      policy({ timeoutMs: 50, graceMs: 1000 }),
    );
    expect(r.value).toBe('committed');
  });
});

describe('shutdown during retries', () => {
  it('passes the shutdown to the running attempt and makes no further attempt', async () => {
    const shutdown = new AbortController();
    let attempts = 0;
    setTimeout(() => shutdown.abort(new Error('SIGTERM')), 50);
    await expect(
      runWithRetries(
        'rfm',
        async ({ signal }) => {
          attempts++;
          await sleep(5000, signal);
        },
        policy(),
        { signal: shutdown.signal },
      ),
    ).rejects.toThrow('SIGTERM');
    expect(attempts).toBe(1);
  });

  it('stops waiting for the next attempt at shutdown', async () => {
    const shutdown = new AbortController();
    const job = flaky(10);
    setTimeout(() => shutdown.abort(new Error('SIGTERM')), 100);
    const t0 = performance.now();
    await expect(
      runWithRetries('rfm', job.fn, policy({ backoffMs: 10_000, maxBackoffMs: 10_000 }), {
        signal: shutdown.signal,
      }),
    ).rejects.toThrow('SIGTERM');
    expect(job.starts).toHaveLength(1);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
