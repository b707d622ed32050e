import levenshtein from 'fast-levenshtein';
import { cronSchedule, type CronSchedule } from './cron-times.ts';
import { buildDag, type JobDag } from './dag.ts';
import { DuplicateJobError, UnknownJobError } from './errors.ts';
import { DEFAULT_JOB_SPEC, type JobSpec, type Jobs } from './job-spec.ts';

/** A job cdp ships, declared by the code that runs it; jobs.config.ts may only set its settings. */
export interface BuiltinJob {
  readonly name: string;
  readonly description?: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly dependsOn?: readonly string[];
}

/** A job ready to schedule: settings filled in, time zone resolved, its schedule parsed. */
export interface ResolvedJob extends Omit<JobSpec, 'timezone' | 'sql'> {
  readonly name: string;
  readonly timezone: string;
  readonly sql: readonly string[] | null;
  /** The parsed schedule; null for a job that runs only when asked (or with its downstream). */
  readonly cron: CronSchedule | null;
}

/** Every job of a project and their graph. */
export interface JobSet {
  readonly jobs: ReadonlyMap<string, ResolvedJob>;
  readonly dag: JobDag;
  /** The job of that name; throws UnknownJobError with the nearest name. */
  get(name: string): ResolvedJob;
}

/**
 * Joins the built-in jobs with jobs.config.ts's `jobs`: an entry named like a built-in sets that
 * job's schedule and settings (its inputs, outputs and dependsOn add to the built-in's); a SQL
 * entry adds a job. Fills the time zone from `timezone` and builds the graph, so unknown names and
 * cycles are found here, when the config loads, not at 3 a.m.
 */
export function resolveJobs(
  configured: Jobs,
  opts: { builtins: readonly BuiltinJob[]; timezone: string },
): JobSet {
  const builtins = new Map(opts.builtins.map((b) => [b.name, b]));
  const jobs = new Map<string, ResolvedJob>();
  for (const b of opts.builtins) {
    if (!configured[b.name]) jobs.set(b.name, resolveOne(b.name, DEFAULT_JOB_SPEC, b, opts.timezone));
  }
  for (const [name, spec] of Object.entries(configured)) {
    const builtin = builtins.get(name);
    if (spec.kind === 'sql' && builtin) {
      throw new DuplicateJobError(
        name,
        `jobs.${name}: "${name}" is a built-in job; give your SQL job another name`,
      );
    }
    if (spec.kind === 'builtin' && !builtin) {
      const near = opts.builtins
        .map((b) => ({ n: b.name, d: levenshtein.get(b.name, name) }))
        .filter((x) => x.d <= 2)
        .sort((a, b) => a.d - b.d)[0]?.n;
      throw new UnknownJobError(
        name,
        name,
        `jobs.${name}: there is no built-in job "${name}"${near ? ` (did you mean "${near}"?)` : ''}; a job of your own needs kind: 'sql' and "sql"`,
      );
    }
    jobs.set(name, resolveOne(name, spec, builtin, opts.timezone));
  }
  const dag = buildDag([...jobs.values()]);
  return {
    jobs,
    dag,
    get(name) {
      const job = jobs.get(name);
      if (job) return job;
      dag.sort([name]); // throws the graph's UnknownJobError, naming the nearest job
      throw new UnknownJobError(name, name, `no job is named "${name}"`);
    },
  };
}

function resolveOne(
  name: string,
  spec: JobSpec,
  builtin: BuiltinJob | undefined,
  timezone: string,
): ResolvedJob {
  const union = (a: readonly string[] = [], b: readonly string[] = []): string[] => [
    ...new Set([...a, ...b]),
  ];
  const zone = spec.timezone ?? timezone;
  return {
    ...spec,
    name,
    description: spec.description ?? builtin?.description,
    timezone: zone,
    sql: spec.sql ?? null,
    dependsOn: union(builtin?.dependsOn, spec.dependsOn),
    inputs: union(builtin?.inputs, spec.inputs),
    outputs: union(builtin?.outputs, spec.outputs),
    cron: spec.schedule === undefined ? null : cronSchedule(spec.schedule, zone, name),
  };
}
