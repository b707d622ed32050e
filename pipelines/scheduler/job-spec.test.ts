import { describe, expect, it } from 'vitest';
import { DEFAULT_JOB_SPEC, parseJobs, resolveJobs, type BuiltinJob } from './index.ts';

const builtins: BuiltinJob[] = [
  { name: 'ingest_pos', inputs: [], outputs: ['core.orders', 'core.source_records'] },
  { name: 'identity', inputs: ['core.source_records'], outputs: ['core.customers'] },
  { name: 'rfm', inputs: ['core.orders', 'core.customers'], outputs: ['marts.rfm'] },
];

describe('job specs', () => {
  it('fills defaults for an empty spec', () => {
    expect(DEFAULT_JOB_SPEC).toEqual({
      kind: 'builtin',
      dependsOn: [],
      inputs: [],
      outputs: [],
      timeoutSeconds: 3600,
      retries: 0,
      retryBackoffSeconds: 30,
      retryBackoffMaxSeconds: 900,
      catchUp: 'latest',
      params: {},
    });
  });

  it('takes a SQL job with one statement or a list, and lower-cases table names', () => {
    const jobs = parseJobs(
      {
        daily_revenue: {
          kind: 'sql',
          sql: 'INSERT INTO marts.daily_revenue SELECT 1',
          inputs: ['core.Orders'],
          outputs: ['marts.daily_revenue'],
          schedule: '0 6 * * *',
          timezone: 'Asia/Shanghai',
          params: { min_amount: 10, channels: ['pos', 'ecommerce'] },
        },
        cleanup: { kind: 'sql', sql: ['DELETE FROM marts.a', 'DELETE FROM marts.b'], catchUp: 'skip' },
      },
      'jobs.config.ts',
    );
    expect(jobs.daily_revenue?.sql).toEqual(['INSERT INTO marts.daily_revenue SELECT 1']);
    expect(jobs.daily_revenue?.inputs).toEqual(['core.orders']);
    expect(jobs.cleanup?.sql).toHaveLength(2);
    expect(jobs.cleanup?.catchUp).toBe('skip');
  });

  it('names the key path of every problem', () => {
    expect(() =>
      parseJobs(
        {
          nightly: { schedule: '0 25 * * *', timezone: 'Mars/Olympus', retries: 'three' },
          Bad: {},
          revenue: { sql: 'SELECT 1', outputs: ['revenue'] },
          cleanup: { kind: 'sql', retryBackoffSeconds: 60, retryBackoffMaxSeconds: 10, catchup: 'all' },
        },
        'jobs.config.ts',
      ),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: invalid config in jobs.config.ts:
        jobs.nightly.schedule: not a cron expression: Field value (25) is out of range; expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, e.g. "30 2 * * *"; found "0 25 * * *"
        jobs.nightly.timezone: expected an IANA time zone such as "Asia/Shanghai" or "UTC"; found "Mars/Olympus"
        jobs.nightly.retries: Invalid input: expected number, received string; found "three"
        jobs.Bad: expected a lower-case name of letters, digits and _ starting with a letter; found "Bad"
        jobs.revenue.outputs.0: expected a table as schema.table, e.g. "marts.rfm"; found "revenue"
        jobs.revenue.kind: a job with "sql" is a SQL job: add kind: 'sql'
        jobs.cleanup: unknown key "catchup": remove or fix the spelling
        jobs.cleanup.sql: a job with kind: 'sql' needs "sql": a statement or a list of statements
        jobs.cleanup.retryBackoffMaxSeconds: the cap must be at least retryBackoffSeconds (60); found 10]
    `);
  });
});

describe('resolving jobs', () => {
  it('joins built-ins and SQL jobs into one graph, filling the time zone', () => {
    const set = resolveJobs(
      parseJobs(
        {
          identity: { schedule: '0 3 * * *', retries: 2 },
          rfm: { schedule: '0 4 * * *', timezone: 'Europe/Berlin', dependsOn: ['revenue'] },
          revenue: { kind: 'sql', sql: 'SELECT 1', inputs: ['core.orders'], outputs: ['marts.revenue'] },
        },
        'jobs.config.ts',
      ),
      { builtins, timezone: 'Asia/Shanghai' },
    );
    expect(set.dag.order).toEqual(['ingest_pos', 'identity', 'revenue', 'rfm']);
    const identity = set.get('identity');
    expect(identity).toMatchObject({ kind: 'builtin', retries: 2, timezone: 'Asia/Shanghai' });
    expect(identity.inputs).toEqual(['core.source_records']);
    expect(identity.cron?.next(new Date('2026-01-01T00:00:00Z')).at.toISOString()).toBe(
      '2026-01-01T19:00:00.000Z',
    );
    expect(set.get('rfm')).toMatchObject({ timezone: 'Europe/Berlin', dependsOn: ['revenue'] });
    expect(set.get('ingest_pos').cron).toBeNull();
    expect(set.get('revenue').sql).toEqual(['SELECT 1']);
    expect(() => set.get('idenity')).toThrow('no job is named "idenity"; did you mean "identity"?');
  });

  it('rejects settings for a built-in that does not exist, and a SQL job named like a built-in', () => {
    const resolve = (jobs: unknown) =>
      resolveJobs(parseJobs(jobs, 'jobs.config.ts'), { builtins, timezone: 'UTC' });
    expect(() => resolve({ rfn: { schedule: '0 4 * * *' } })).toThrowErrorMatchingInlineSnapshot(
      `[UnknownJobError: jobs.rfn: there is no built-in job "rfn" (did you mean "rfm"?); a job of your own needs kind: 'sql' and "sql"]`,
    );
    expect(() => resolve({ identity: { kind: 'sql', sql: 'SELECT 1' } })).toThrow(
      'jobs.identity: "identity" is a built-in job; give your SQL job another name',
    );
    expect(() =>
      resolve({
        revenue: { kind: 'sql', sql: 'SELECT 1', inputs: ['marts.rfm'], outputs: ['core.customers'] },
      }),
    ).toThrow(/cycle: revenue -> rfm -> revenue \(rfm reads core.customers, which revenue writes/);
  });
});
