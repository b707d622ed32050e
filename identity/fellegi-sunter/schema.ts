// Runtime shape of the parameters, checked at every entry point: stored JSON is parsed through it
// and hand-built params are checked against it once (by identity) before any hot loop runs.
import { z } from 'zod';
import { FsParamsError } from './errors.ts';
import type { ComparisonSpec, FsParams } from './params.ts';

// gamma is a Uint8Array, so a comparison has at most 256 levels.
const MAX_LEVELS = 256;
// Clamping each level into [1e-6, 1 - 1e-6] moves a sum by at most L * 1e-6.
const SUM_TOLERANCE = 1e-3;

const ComparisonSpecSchema = z
  .object({
    name: z.string().min(1, 'expected a comparison name'),
    levels: z
      .array(z.string().min(1, 'expected a level name'))
      .min(3, 'expected at least 3 levels: "missing", a disagreement level and an agreement level')
      .max(MAX_LEVELS, `expected at most ${MAX_LEVELS} levels (gamma holds one byte per comparison)`)
      .refine((levels) => levels[0] === 'missing', 'expected level 0 to be "missing"'),
  })
  .strict();

const ComparisonsSchema = z
  .array(ComparisonSpecSchema)
  .min(1, 'expected at least one comparison')
  .superRefine((specs, ctx) => {
    const seen = new Set<string>();
    specs.forEach((spec, c) => {
      if (seen.has(spec.name)) {
        ctx.addIssue({
          code: 'custom',
          path: [c, 'name'],
          input: spec.name,
          message: 'duplicate comparison name',
        });
      }
      seen.add(spec.name);
    });
  });

const probability = z
  .number()
  .min(0, 'expected a probability (0..1)')
  .max(1, 'expected a probability (0..1)');
const LevelTableSchema = z.array(z.array(probability));

/** Problems with a per-level probability table (m or u) for these comparisons, as [path, message]. */
export function levelTableIssues(
  specs: readonly ComparisonSpec[],
  table: readonly (readonly number[])[],
): [path: number[], message: string][] {
  const issues: [number[], string][] = [];
  if (table.length !== specs.length) {
    return [[[], `expected one row per comparison (${specs.length}), found ${table.length} rows`]];
  }
  specs.forEach((spec, c) => {
    const row = table[c]!;
    const L = spec.levels.length;
    if (row.length !== L) {
      issues.push([
        [c],
        `expected ${L} entries for "${spec.name}" (levels ${spec.levels.join(', ')}), found ${row.length}`,
      ]);
      return;
    }
    if (row[0] !== 0) {
      issues.push([[c, 0], `level 0 ("missing") holds no probability; expected 0, found ${row[0]}`]);
    }
    const bad = row.findIndex((x) => !(x >= 0 && x <= 1));
    if (bad >= 0) {
      issues.push([[c, bad], `expected a probability (0..1), found ${row[bad]}`]);
      return;
    }
    const sum = row.reduce((s, x, l) => (l === 0 ? s : s + x), 0);
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      issues.push([[c], `levels 1..${L - 1} of "${spec.name}" must sum to 1, found ${sum}`]);
    }
  });
  return issues;
}

const ParamsShape = z
  .object({
    comparisons: ComparisonsSchema,
    lambda: z
      .number()
      .gt(0, 'expected a probability strictly between 0 and 1')
      .lt(1, 'expected a probability strictly between 0 and 1'),
    m: LevelTableSchema,
    u: LevelTableSchema,
  })
  .strict();

const withTables = <T extends z.infer<typeof ParamsShape>>(params: T, ctx: z.RefinementCtx): void => {
  for (const key of ['m', 'u'] as const) {
    for (const [path, message] of levelTableIssues(params.comparisons, params[key])) {
      // The message names what was found; the whole params object would only add noise.
      ctx.addIssue({ code: 'custom', path: [key, ...path], message, input: undefined });
    }
  }
};

/** In-memory params (FsParams). */
export const FsParamsSchema = ParamsShape.superRefine(withTables);

/** The stored form written by serialiseParams: FsParams plus a format version. */
export const StoredFsParamsSchema = ParamsShape.extend({
  version: z.union([z.literal(1), z.literal(2)], 'expected format version 1 or 2, as serialiseParams writes'),
  /** Version 2: term frequencies by comparison index, value -> relative frequency. */
  termFrequencies: z.record(z.string(), z.record(z.string(), probability)).optional(),
})
  .strict()
  .superRefine(withTables);

/** Throws FsParamsError (one line per problem) unless the comparisons are well formed. */
export function checkSpecs(specs: readonly ComparisonSpec[]): void {
  const result = ComparisonsSchema.safeParse(specs, { reportInput: true });
  if (!result.success) throw new FsParamsError(`invalid comparisons:\n${formatIssues(result.error.issues)}`);
}

/** Throws FsParamsError unless table (m or u, named by what) fits the comparisons. */
export function checkLevelTable(
  specs: readonly ComparisonSpec[],
  table: readonly (readonly number[])[],
  what: string,
): void {
  const shape = LevelTableSchema.safeParse(table, { reportInput: true });
  if (!shape.success) throw new FsParamsError(`invalid ${what}:\n${formatIssues(shape.error.issues)}`);
  const issues = levelTableIssues(specs, table);
  if (issues.length > 0) {
    throw new FsParamsError(
      `invalid ${what}:\n${issues.map(([path, message]) => `  ${pathText(path)}: ${message}`).join('\n')}`,
    );
  }
}

const checked = new WeakSet<FsParams>();

/** Throws FsParamsError unless params are well formed; remembers params already checked. */
export function checkParams(params: FsParams): void {
  if (checked.has(params)) return;
  const result = FsParamsSchema.safeParse(params, { reportInput: true });
  if (!result.success) throw new FsParamsError(`invalid params:\n${formatIssues(result.error.issues)}`);
  checked.add(params);
}

/** One line per issue: the path, what is expected and the value found. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return `  ${pathText(issue.path)}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      }
      const found = 'input' in issue && issue.input !== undefined ? `; found ${show(issue.input)}` : '';
      return `  ${pathText(issue.path)}: ${issue.message}${found}`;
    })
    .join('\n');
}

function pathText(path: readonly PropertyKey[]): string {
  return path.length > 0 ? path.map(String).join('.') : '(top level)';
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
