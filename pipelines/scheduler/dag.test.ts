import { describe, expect, it } from 'vitest';
import { buildDag, JobCycleError, UnknownJobError, type JobNode, type JobStatus } from './index.ts';

// A small project: two ingests feed identity through core tables, models read identity's output,
// segments read the models, an export depends on segments explicitly.
const project: JobNode[] = [
  { name: 'ingest_pos', outputs: ['raw.pos', 'core.source_records', 'core.orders'] },
  { name: 'ingest_crm', outputs: ['raw.crm', 'core.source_records'] },
  { name: 'identity', inputs: ['core.source_records'], outputs: ['core.customers'] },
  { name: 'rfm', inputs: ['core.orders', 'core.customers'], outputs: ['marts.rfm'] },
  { name: 'clv', inputs: ['CORE.Orders', 'core.customers'], outputs: ['marts.clv'] },
  { name: 'segments', inputs: ['marts.rfm', 'marts.clv'], outputs: ['marts.segment_members'] },
  { name: 'export_crm', dependsOn: ['segments'] },
  { name: 'kpis', inputs: ['core.orders'], outputs: ['marts.kpis'] },
];

describe('job DAG', () => {
  it('orders upstream before downstream, ties by name, whatever order the jobs come in', () => {
    const expected = ['ingest_crm', 'ingest_pos', 'identity', 'clv', 'kpis', 'rfm', 'segments', 'export_crm'];
    expect(buildDag(project).order).toEqual(expected);
    expect(buildDag([...project].reverse()).order).toEqual(expected);
  });

  it('derives edges from tables (case-insensitively) and from dependsOn', () => {
    const dag = buildDag(project);
    expect(dag.upstream('clv')).toEqual(['identity', 'ingest_pos']);
    expect(dag.upstream('export_crm')).toEqual(['segments']);
    expect(dag.downstream('ingest_pos')).toEqual(['clv', 'identity', 'kpis', 'rfm']);
    expect(dag.edges).toContainEqual({ from: 'identity', to: 'rfm', table: 'core.customers' });
    expect(dag.edges).toContainEqual({ from: 'segments', to: 'export_crm', table: null });
  });

  it('withDeps: the job and everything upstream, in order; withDownstream the other way', () => {
    const dag = buildDag(project);
    expect(dag.withDeps('rfm')).toEqual(['ingest_crm', 'ingest_pos', 'identity', 'rfm']);
    expect(dag.withDeps('kpis')).toEqual(['ingest_pos', 'kpis']);
    expect(dag.withDeps('kpis', 'identity')).toEqual(['ingest_crm', 'ingest_pos', 'identity', 'kpis']);
    expect(dag.withDownstream('identity')).toEqual(['identity', 'clv', 'rfm', 'segments', 'export_crm']);
    expect(dag.sort(['export_crm', 'ingest_pos'])).toEqual(['ingest_pos', 'export_crm']);
  });

  it('a job reading and writing the same table does not depend on itself', () => {
    const dag = buildDag([{ name: 'dedupe', inputs: ['core.orders'], outputs: ['core.orders'] }]);
    expect(dag.order).toEqual(['dedupe']);
  });

  it('names an unknown dependency, suggesting the nearest job', () => {
    const nodes = [...project, { name: 'health', dependsOn: ['idenity'] }];
    expect(() => buildDag(nodes)).toThrowErrorMatchingInlineSnapshot(
      `[UnknownJobError: job "health" depends on "idenity", which is not a job; did you mean "identity"?]`,
    );
    expect(() => buildDag(project).withDeps('forecast')).toThrow(UnknownJobError);
    expect(() => buildDag(project).withDeps('forecast')).toThrow(/no job is named "forecast"; jobs: clv, /);
  });

  it('names the cycle, with why each job waits for the previous one', () => {
    expect(() =>
      buildDag([
        { name: 'b', dependsOn: ['a'] },
        { name: 'a', dependsOn: ['b'] },
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[JobCycleError: jobs depend on each other in a cycle: a -> b -> a (b depends on a; a depends on b); remove one of these dependencies]`,
    );
    const viaTables = [
      ...project,
      { name: 'score', inputs: ['marts.segment_members'], outputs: ['marts.scores'] },
      { name: 'enrich', inputs: ['marts.scores'], outputs: ['core.customers'] },
    ];
    const err = (() => {
      try {
        buildDag(viaTables);
      } catch (e) {
        return e;
      }
    })() as JobCycleError;
    expect(err).toBeInstanceOf(JobCycleError);
    expect(err.cycle).toEqual(['clv', 'segments', 'score', 'enrich', 'clv']);
    expect(err.message).toContain(
      'clv -> segments -> score -> enrich -> clv (segments reads marts.clv, which clv writes; score reads marts.segment_members',
    );
    expect(() => buildDag([{ name: 'self', dependsOn: ['self'] }])).toThrow(/cycle: self -> self/);
  });

  it('skips everything below a failed job, and only that', () => {
    const dag = buildDag(project);
    const statuses = new Map<string, JobStatus>([
      ['ingest_crm', 'succeeded'],
      ['ingest_pos', 'succeeded'],
      ['identity', 'succeeded'],
      ['rfm', 'failed'],
      ['clv', 'failed'],
    ]);
    expect(Object.fromEntries(dag.blocked(statuses))).toEqual({
      segments: ['clv', 'rfm'],
      export_crm: ['clv', 'rfm'],
    });
    expect(Object.fromEntries(dag.blocked(new Map([['ingest_crm', 'failed']])))).toEqual({
      identity: ['ingest_crm'],
      rfm: ['ingest_crm'],
      clv: ['ingest_crm'],
      segments: ['ingest_crm'],
      export_crm: ['ingest_crm'],
    });
  });

  it('rejects a job declared twice', () => {
    expect(() => buildDag([{ name: 'a' }, { name: 'a' }])).toThrow('job "a" is declared twice');
  });
});
