// Params round-trip through the warehouse as JSON text.
import { FsParamsError } from './errors.ts';
import type { FsParams } from './params.ts';
import { checkParams, formatIssues, StoredFsParamsSchema } from './schema.ts';

/**
 * Stable compact JSON of params: fixed key order and a format version, so equal params give equal
 * text. Numbers print in JavaScript's shortest round-trip form, so parseParams gives them back exactly.
 */
export function serialiseParams(p: FsParams): string {
  checkParams(p);
  return JSON.stringify({
    version: 1,
    comparisons: p.comparisons.map((spec) => ({ name: spec.name, levels: [...spec.levels] })),
    lambda: p.lambda,
    m: p.m.map((row) => [...row]),
    u: p.u.map((row) => [...row]),
  });
}

/** Params from serialiseParams' JSON; throws FsParamsError naming every problem if the shape does not fit. */
export function parseParams(json: string): FsParams {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new FsParamsError(`Fellegi-Sunter params are not JSON (${(err as Error).message})`, { cause: err });
  }
  const result = StoredFsParamsSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    throw new FsParamsError(
      `Fellegi-Sunter params do not have the expected shape ` +
        `(write them with serialiseParams):\n${formatIssues(result.error.issues)}`,
    );
  }
  const { comparisons, lambda, m, u } = result.data;
  return { comparisons, lambda, m, u };
}
