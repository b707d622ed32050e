// Params round-trip through the warehouse as JSON text.
import { FsParamsError } from './errors.ts';
import type { FsParams } from './params.ts';
import { frequenciesByComparison, type TermFrequencies } from './term-frequencies.ts';
import { checkParams, formatIssues, StoredFsParamsSchema } from './schema.ts';

/**
 * Stable compact JSON of params: fixed key order and a format version, so equal params give equal
 * text. Numbers print in JavaScript's shortest round-trip form, so parseParams gives them back exactly.
 * With term frequencies (format version 2) they are part of the model: values sorted, so equal
 * models give equal text.
 */
export function serialiseParams(p: FsParams, frequencies?: TermFrequencies): string {
  checkParams(p);
  const tf: Record<string, Record<string, number>> = {};
  if (frequencies) {
    frequenciesByComparison(p, frequencies).forEach((m, c) => {
      if (!m) return;
      const out: Record<string, number> = {};
      for (const v of [...m.keys()].sort()) out[v] = m.get(v)!;
      tf[String(c)] = out;
    });
  }
  return JSON.stringify({
    version: frequencies ? 2 : 1,
    comparisons: p.comparisons.map((spec) => ({ name: spec.name, levels: [...spec.levels] })),
    lambda: p.lambda,
    m: p.m.map((row) => [...row]),
    u: p.u.map((row) => [...row]),
    ...(frequencies ? { termFrequencies: tf } : {}),
  });
}

/** A stored model: its params and, from format version 2 on, the term frequencies it scores with. */
export interface StoredModel {
  readonly params: FsParams;
  readonly frequencies: TermFrequencies | null;
}

/** Params from serialiseParams' JSON; throws FsParamsError naming every problem if the shape does not fit. */
export function parseParams(json: string): FsParams {
  return parseModel(json).params;
}

/** Params and term frequencies from serialiseParams' JSON. */
export function parseModel(json: string): StoredModel {
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
  const { comparisons, lambda, m, u, termFrequencies } = result.data;
  const params = { comparisons, lambda, m, u };
  if (!termFrequencies) return { params, frequencies: null };
  const frequencies: Record<number, ReadonlyMap<string, number>> = {};
  for (const [c, values] of Object.entries(termFrequencies))
    frequencies[Number(c)] = new Map(Object.entries(values));
  frequenciesByComparison(params, frequencies);
  return { params, frequencies };
}
