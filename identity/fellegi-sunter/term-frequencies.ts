// Term-frequency adjustment: agreeing exactly on a common value (王伟, 'John Smith', a shared office
// phone) is weaker evidence of a match than agreeing on a rare one.
import { FsParamsError } from './errors.ts';
import { clampProbability } from './params.ts';
import type { FsParams } from './params.ts';

/** For comparison c (by index), the relative frequency of a value among records. */
export interface TermFrequencies {
  readonly [comparisonIndex: number]: ReadonlyMap<string, number>;
}

/** Term frequencies and the value each pair agrees on. */
export interface TermFrequencyAdjustment {
  readonly frequencies: TermFrequencies;
  /** The value pair p agrees on for comparison c (asked only at the exact level); null if unknown. */
  readonly values: (p: number, c: number) => string | null;
}

/** The frequency maps by comparison index, checked: every key names a comparison. */
export function frequenciesByComparison(
  params: FsParams,
  frequencies: TermFrequencies,
): (ReadonlyMap<string, number> | undefined)[] {
  const C = params.comparisons.length;
  for (const key of Object.keys(frequencies)) {
    const c = Number(key);
    if (!Number.isInteger(c) || c < 0 || c >= C) {
      throw new FsParamsError(
        `term frequencies given for comparison index ${key}; expected indices 0..${C - 1} ` +
          `(${params.comparisons.map((s) => s.name).join(', ')})`,
      );
    }
  }
  return params.comparisons.map((_, c) => frequencies[c]);
}

/**
 * The weight added to comparison c's exact-level weight log2(m/u) when the pair agrees on a value
 * of relative frequency f (Splink's term-frequency adjustment, bounded so it only ever weakens):
 *
 *   u_tf = max(u[c][top], clamp(f)),   weight = log2(m[c][top] / u_tf),
 *   adjustment = log2(u[c][top] / u_tf) <= 0.
 *
 * Splink divides by f itself, which also strengthens rare values beyond the average exact match;
 * here a rare value keeps the comparison's weight, so one unusual spelling cannot outvote the rest.
 */
export function termFrequencyAdjustment(params: FsParams, c: number, value: string, f: number): number {
  if (!(f >= 0 && f <= 1)) {
    throw new FsParamsError(
      `term frequency of ${JSON.stringify(value)} for comparison "${params.comparisons[c]!.name}" is ${f}; ` +
        `expected a relative frequency (0..1)`,
    );
  }
  const top = params.comparisons[c]!.levels.length - 1;
  const u = clampProbability(params.u[c]![top]!);
  const f2 = clampProbability(f);
  return f2 > u ? Math.log2(u / f2) : 0;
}
