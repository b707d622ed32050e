import { z } from 'zod';
import { isTimeZone } from '../../connectors/index.ts';
import { IdentityConfigSchema, DEFAULT_IDENTITY_CONFIG } from '../../identity/index.ts';
import { ModelsConfigSchema, DEFAULT_MODELS_CONFIG } from '../../models/index.ts';
import { JobsSchema } from '../scheduler/job-spec.ts';
import { SegmentsSchema } from '../../segments/index.ts';
import { DestinationsSchema } from '../../destinations/index.ts';

const timeZone = z
  .string()
  .refine(isTimeZone, { message: 'expected an IANA time zone such as "Asia/Shanghai" or "UTC"' });

const name = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'expected a lower-case name of letters, digits and _ starting with a letter');

export const WarehouseConfigSchema = z
  .object({
    /** DuckDB file path (relative to the config file), ':memory:', or a postgres:// URL. */
    url: z.string().min(1).optional(),
    /** Session time zone both engines use to turn timestamps into days. */
    timezone: timeZone.default('UTC'),
    /** DuckDB's memory cap; past it, large loads and queries spill to disk instead of growing. */
    memoryLimit: z
      .string()
      .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'expected a size such as "1GB" or "512MB"')
      .default('1GB'),
  })
  .strict();

export const SourceConfigSchema = z
  .object({
    /** Which connector reads this source's files. */
    connector: z.enum([
      'pos',
      'ecommerce',
      'miniprogram',
      'his',
      'wms',
      'tickets',
      'crm',
      'consents',
      'equipment',
      'file',
    ]),
    /** Files, directories or globs, relative to the config file. */
    paths: z.array(z.string().min(1)).default([]),
    /** Mapping file (JSON, relative to the config file) for the generic `file` connector; see docs/mapping.md. */
    mapping: z.string().min(1).optional(),
    /** Zone of timestamps the feed writes without an offset (default: warehouse.timezone). */
    timezone: timeZone.optional(),
    /** Currency of amounts that carry none (ISO 4217). */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as "CNY"')
      .default('CNY'),
  })
  .strict()
  .superRefine((s, ctx) => {
    // The input is given so the error shows the mapping value, not the whole source.
    if (s.connector === 'file' && s.mapping === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['mapping'],
        input: s.mapping,
        message:
          'a source with connector "file" needs "mapping": the path of its mapping JSON, relative to this file',
      });
    }
    if (s.connector !== 'file' && s.mapping !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['mapping'],
        input: s.mapping,
        message: 'only the "file" connector reads a mapping; remove "mapping" or set connector: \'file\'',
      });
    }
  });

export const DemoConfigSchema = z
  .object({
    customers: z.number().int().positive().max(10_000_000).default(2000),
    seed: z.number().int().default(42),
    start: z.iso.date().default('2025-01-01'),
    days: z.number().int().positive().max(3660).default(365),
    /** Where the demo writes its generated feeds, relative to the config file. */
    dataDir: z.string().default('.cdp/demo-data'),
  })
  .strict();

/** The whole of jobs.config.ts. Sections for segments and destinations join as they land. */
export const CdpConfigSchema = z
  .object({
    warehouse: WarehouseConfigSchema.default({ timezone: 'UTC', memoryLimit: '1GB' }),
    sources: z.record(name, SourceConfigSchema).default({}),
    /** Identity resolution: rules, blocked values, limits, the probabilistic model's thresholds. */
    identity: IdentityConfigSchema.default(DEFAULT_IDENTITY_CONFIG),
    /** Customer value models: reporting currency, RFM window and segments, tags, CLV. */
    models: ModelsConfigSchema.default(DEFAULT_MODELS_CONFIG),
    /** Audiences: name -> definition, written with the builder of segments/ (docs/segments.md). */
    segments: SegmentsSchema.default({}),
    /** JSON files of segment definitions (the same form, for non-developers), relative to this file. */
    segmentFiles: z.array(z.string().min(1)).default([]),
    /** Where segments go (files, webhooks) with consent, caps, suppression and holdout (docs/destinations.md). */
    destinations: DestinationsSchema.default({}),
    /** Schedules and settings of built-in jobs, and SQL jobs of your own (pipelines/scheduler/job-spec.ts). */
    jobs: JobsSchema.default({}),
    demo: DemoConfigSchema.default(DemoConfigSchema.parse({})),
  })
  .strict();

/** What a user writes: every key optional where the schema has a default. */
export type CdpConfigInput = z.input<typeof CdpConfigSchema>;
/** The validated config with defaults filled in. */
export type CdpConfig = z.output<typeof CdpConfigSchema>;

/** The defaults, as a config with nothing set. */
export const DEFAULT_CONFIG: CdpConfig = CdpConfigSchema.parse({});
