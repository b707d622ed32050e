import { z } from 'zod';
import { isTimeZone } from '../normalise/index.ts';
import { checkAgainstTarget } from './check-target.ts';

/** The canonical tables a mapping can fill, one per mapped file. */
export const MAPPING_TARGETS = ['source_records', 'orders', 'order_lines', 'events', 'consents'] as const;
export type MappingTarget = (typeof MAPPING_TARGETS)[number];

const TRANSFORMS = ['trim', 'upper', 'lower', 'digits'] as const;
export type Transform = (typeof TRANSFORMS)[number];

const columnName = z.string().min(1, 'expected a column name');
const transform = z.enum(TRANSFORMS);

/** How one canonical column is filled: from a column (or the first of several), a template or a constant. */
export const FieldSpecSchema = z
  .object({
    /** The file's column (a dotted path into NDJSON objects), or several: the first non-blank wins. */
    column: z
      .union([columnName, z.array(columnName).min(1)], {
        error: 'expected a column name or a list of column names',
      })
      .optional(),
    /** Text with {column} placeholders, e.g. "{store}:{receipt_no}". */
    template: z
      .string()
      .regex(/\{[^{}]+\}/, 'expected text with {column} placeholders, e.g. "{store}:{receipt_no}"')
      .optional(),
    /** The same value for every record. */
    constant: z.union([z.string(), z.number(), z.boolean()]).optional(),
    /** How the column writes dates or timestamps, e.g. "YYYYMMDD" or "DD/MM/YYYY HH:mm". */
    format: z.string().min(1).optional(),
    /** Applied to the text before it is validated, in order. */
    transform: z
      .union([transform, z.array(transform)], {
        error: 'expected "trim", "upper", "lower" or "digits", or a list of them',
      })
      .optional(),
    /** Source values to canonical ones, e.g. { "1": "granted", "0": "withdrawn" }; others are invalid. */
    values: z.record(z.string(), z.string()).optional(),
  })
  .strict()
  .refine(
    (s) => [s.column, s.template, s.constant].filter((v) => v !== undefined).length === 1,
    'expected exactly one of "column", "template" or "constant"',
  );

// A bare string is the common case, a rename: "full_name": "name".
const fieldSpec = z.preprocess((v) => (typeof v === 'string' ? { column: v } : v), FieldSpecSchema);

export const CsvDialectSchema = z
  .object({
    /** Field separator; default "," ("\t" for .tsv files). */
    delimiter: z.string().min(1).max(4).optional(),
    /** Whether the first row names the columns. */
    header: z.boolean().default(true),
    /** The column names of a file without a header row. */
    columns: z.array(columnName).min(1).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.header && c.columns) {
      ctx.addIssue({
        code: 'custom',
        path: ['columns'],
        input: c.columns,
        message: '"columns" names the columns of a file without a header row; set "header": false with it',
      });
    }
  });

const MappingObject = z
  .object({
    /** What the files are, for people reading the mapping. */
    description: z.string().optional(),
    /** Source name written to every row (the `source` column); the CLI's --source overrides it. */
    source: z
      .string()
      .regex(
        /^[a-z][a-z0-9_]*$/,
        'expected a lower-case name of letters, digits and _ starting with a letter',
      ),
    /** The canonical table each record becomes one row of. */
    target: z.enum(MAPPING_TARGETS),
    /** Only files whose name matches this glob, e.g. "orders-*.csv" (default: every file of a known extension). */
    files: z.string().min(1).optional(),
    /** File format; by default from the extension (.csv .tsv .txt, .ndjson .jsonl, .parquet). */
    format: z.enum(['csv', 'ndjson', 'parquet']).optional(),
    /** Text encoding; auto tries UTF-8, then GBK (a BOM always means UTF-8). */
    encoding: z.enum(['utf-8', 'gbk', 'auto']).default('auto'),
    csv: CsvDialectSchema.default({ header: true }),
    /** IANA zone of timestamps written without an offset; default: the source's, then the warehouse's. */
    timezone: z
      .string()
      .refine(isTimeZone, 'expected an IANA time zone such as "Asia/Shanghai" or "UTC"')
      .optional(),
    /** Currency of amounts (ISO 4217); default: the source's, then CNY. */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as "CNY"')
      .optional(),
    /** The source_key column: a column, or a template such as "febrl:{rec_id}". */
    key: z.string().min(1).optional(),
    /** Canonical column to how it is filled. */
    fields: z.record(z.string(), fieldSpec),
    /** Columns kept in the row's attributes JSON: a list, or attribute name to column. */
    attributes: z.union([z.array(columnName), z.record(z.string(), columnName)]).default([]),
    /** Canonical columns a record must have beyond the table's own NOT NULL ones; blank means quarantine. */
    required: z.array(z.string()).default([]),
  })
  .strict();

/**
 * A mapping: how the records of CSV / NDJSON / Parquet files become rows of one canonical table.
 * Beyond its shape, every mapped column must exist in the target table and every NOT NULL one
 * must be filled.
 */
export const MappingSchema = MappingObject.superRefine(checkAgainstTarget);

/** A validated mapping with its defaults filled in. */
export type Mapping = z.output<typeof MappingObject>;
/** What a mapping file may contain. */
export type MappingInput = z.input<typeof MappingObject>;
/** How one canonical column is filled. */
export type FieldSpec = z.output<typeof FieldSpecSchema>;
