import { z } from 'zod';
import { formatZodIssues } from '../../connectors/index.ts';
import { ConfigError } from '../config/errors.ts';
import { cronProblem } from './cron-times.ts';
import { isTimeZone } from './zone-time.ts';

const JOB_NAME_RULE = 'expected a lower-case name of letters, digits and _ starting with a letter';
const jobName = z.string().regex(/^[a-z][a-z0-9_]*$/, JOB_NAME_RULE);

const tableName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/,
    'expected a table as schema.table, e.g. "marts.rfm"',
  )
  .transform((t) => t.toLowerCase());

const cron = z.string().superRefine((expression, ctx) => {
  const problem = cronProblem(expression);
  if (problem) ctx.addIssue({ code: 'custom', message: `not a cron expression: ${problem}` });
});

const timeZone = z
  .string()
  .refine(isTimeZone, { message: 'expected an IANA time zone such as "Asia/Shanghai" or "UTC"' });

/** One job in jobs.config.ts: a built-in job's settings, or a user SQL job (kind: 'sql'). */
export const JobSpecSchema = z
  .object({
    /** Shown by `cdp jobs`. */
    description: z.string().optional(),
    /** 'builtin' configures a job cdp ships (ingest_<source>, identity, rfm, ...); 'sql' is yours. */
    kind: z.enum(['builtin', 'sql']).default('builtin'),
    /** A SQL job's statements, run in order in one transaction. */
    sql: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .transform((s) => (typeof s === 'string' ? [s] : s))
      .optional(),
    /** Cron expression: 5 fields, or 6 with seconds first; "30 2 * * *" is 02:30 daily. */
    schedule: cron.optional(),
    /** Zone of the schedule (default: warehouse.timezone). */
    timezone: timeZone.optional(),
    /** Jobs that must finish first, besides those writing a table this job reads. */
    dependsOn: z.array(jobName).default([]),
    /** Tables read: a job writing one of them runs first. */
    inputs: z.array(tableName).default([]),
    /** Tables written. */
    outputs: z.array(tableName).default([]),
    timeoutSeconds: z.number().int().positive().default(3600),
    /** Further attempts after a failure. */
    retries: z.number().int().min(0).max(10).default(0),
    /** Wait before the first retry; it doubles each time up to retryBackoffMaxSeconds. */
    retryBackoffSeconds: z.number().positive().default(30),
    retryBackoffMaxSeconds: z.number().positive().default(900),
    /** Runs missed while no scheduler ran: run them 'all', only the 'latest', or 'skip' them. */
    catchUp: z.enum(['all', 'latest', 'skip']).default('latest'),
    /** Values the job reads (a SQL job as named parameters). */
    params: z.record(z.string(), z.json()).default({}),
  })
  .strict()
  .superRefine((job, ctx) => {
    if (job.kind === 'sql' && job.sql === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['sql'],
        input: undefined,
        message: 'a job with kind: \'sql\' needs "sql": a statement or a list of statements',
      });
    }
    if (job.kind === 'builtin' && job.sql !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        input: undefined,
        message: 'a job with "sql" is a SQL job: add kind: \'sql\'',
      });
    }
    if (job.retryBackoffMaxSeconds < job.retryBackoffSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['retryBackoffMaxSeconds'],
        input: job.retryBackoffMaxSeconds,
        message: `the cap must be at least retryBackoffSeconds (${job.retryBackoffSeconds})`,
      });
    }
  });

/** The `jobs` section of jobs.config.ts: job name to its spec. */
export const JobsSchema = z.record(jobName, JobSpecSchema, {
  // The record's own issue for a bad key says only "Invalid key in record"; say what a name is.
  error: (issue) => (issue.code === 'invalid_key' ? JOB_NAME_RULE : undefined),
});

/** A job as written in jobs.config.ts. */
export type JobSpecInput = z.input<typeof JobSpecSchema>;
/** A job with its defaults filled in. */
export type JobSpec = z.output<typeof JobSpecSchema>;
export type Jobs = z.output<typeof JobsSchema>;

/** A job with nothing set: the defaults. */
export const DEFAULT_JOB_SPEC: JobSpec = JobSpecSchema.parse({});

/** Validates a `jobs` section on its own; the error names the key path, as loading the config does. */
export function parseJobs(raw: unknown, file: string): Jobs {
  const parsed = JobsSchema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ ...i, path: ['jobs', ...i.path] }));
  throw new ConfigError(file, `invalid config in ${file}:\n${formatZodIssues(issues)}`);
}
