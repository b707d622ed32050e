import { z } from 'zod';

/** Golden-record columns of core.customers a destination may send; customer_id always goes. */
export const FIELDS = [
  'customer_id',
  'full_name',
  'phone',
  'email',
  'gender',
  'birth_date',
  'province',
  'city',
] as const;
export type Field = (typeof FIELDS)[number];

const NAME = /^[a-z][a-z0-9_]*$/;
const text = z.string().min(1);

/** A suppression list: a file of one value a line, or a table column. Each value is matched against customer_id, phone and email. */
export const SuppressionSchema = z.union([
  text.transform((file) => ({ file })),
  z.object({ file: text }).strict(),
  z.object({ table: text, column: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }).strict(),
]);
export type Suppression = z.infer<typeof SuppressionSchema>;

const common = {
  segment: z.string().regex(NAME, 'expected a segment name (marts.segments)'),
  purpose: text,
  channel: text,
  fields: z
    .array(z.enum(FIELDS))
    .default(['customer_id'])
    .transform((f) => [...new Set<Field>(['customer_id', ...f])]),
  frequencyCap: z
    .object({ max: z.number().int().positive(), perDays: z.number().int().positive().max(366) })
    .strict()
    .optional(),
  suppressionLists: z.array(SuppressionSchema).default([]),
  holdout: z
    .object({
      percent: z.number().min(0).max(100),
      campaign: z.string().regex(NAME, 'expected a campaign name'),
    })
    .strict()
    .optional(),
};

export const FileDestinationSchema = z
  .object({
    type: z.literal('file'),
    format: z.enum(['csv', 'ndjson', 'parquet']),
    directory: text,
    ...common,
  })
  .strict();

export const WebhookDestinationSchema = z
  .object({
    type: z.literal('webhook'),
    url: z.url({ protocol: /^https?$/ }),
    headers: z.record(z.string(), z.string()).default({}),
    batchSize: z.number().int().positive().max(100_000).default(500),
    /** Retries after the first attempt, on 5xx, 408, 429, network errors and timeouts. */
    retries: z.number().int().min(0).max(20).default(3),
    /** First wait; doubled after every failed attempt. */
    backoffMs: z.number().int().min(0).default(500),
    timeoutMs: z.number().int().positive().default(10_000),
    ...common,
  })
  .strict();

const { segment, frequencyCap: _cap, ...pullCommon } = common;

/**
 * Served by `cdp serve` to the holder of a token: the receiver pulls members and deltas. No
 * frequency cap: the receiver decides when to pull, so there are no sends to count.
 */
export const PullDestinationSchema = z
  .object({
    type: z.literal('pull'),
    /** The segments this destination's token may read. */
    segments: z.array(segment).min(1),
    /** Name of the environment variable that holds the bearer token (the token never goes in config). */
    tokenEnv: z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_]*$/,
        'expected the name of an environment variable, e.g. CDP_PULL_CRM_TOKEN',
      ),
    ...pullCommon,
  })
  .strict();

export const DestinationSchema = z.discriminatedUnion('type', [
  FileDestinationSchema,
  WebhookDestinationSchema,
  PullDestinationSchema,
]);
/** Any configured destination. */
export type DestinationConfig = z.infer<typeof DestinationSchema>;
/** A destination a sync pushes to (file or webhook); pull destinations are served by `cdp serve`. */
export type Destination = Exclude<DestinationConfig, { type: 'pull' }>;
export type DestinationInput = z.input<typeof DestinationSchema>;
export type FileDestination = z.infer<typeof FileDestinationSchema>;
export type WebhookDestination = z.infer<typeof WebhookDestinationSchema>;
export type PullDestination = z.infer<typeof PullDestinationSchema>;

/** Destinations by name, as configured in jobs.config.ts. */
export const DestinationsSchema = z.record(
  z
    .string()
    .regex(NAME, 'expected a destination name of lower-case letters, digits and _, starting with a letter'),
  DestinationSchema,
);
export type Destinations = z.infer<typeof DestinationsSchema>;
