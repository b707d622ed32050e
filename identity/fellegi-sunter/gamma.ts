// The comparison-vector matrix and the flat per-level tables the hot loops index into.
import { GammaError } from './errors.ts';
import type { ComparisonSpec } from './params.ts';

/** Where each comparison's levels sit in one flat per-level table (m, u, weights, counts). */
export interface LevelLayout {
  /** Number of comparisons (columns of gamma). */
  readonly comparisons: number;
  /** offset[c]: index of comparison c's level 0 in a flat table. */
  readonly offset: Int32Array;
  /** levels[c]: L_c, the number of levels of comparison c including 'missing'. */
  readonly levels: Int32Array;
  /** Length of a flat table: the sum of L_c. */
  readonly size: number;
}

/** The flat-table layout of a list of comparisons. */
export function levelLayout(specs: readonly ComparisonSpec[]): LevelLayout {
  const offset = new Int32Array(specs.length);
  const levels = new Int32Array(specs.length);
  let size = 0;
  specs.forEach((spec, c) => {
    offset[c] = size;
    levels[c] = spec.levels.length;
    size += spec.levels.length;
  });
  return { comparisons: specs.length, offset, levels, size };
}

/**
 * Number of pairs in gamma; throws GammaError if its length is not a multiple of the number of
 * comparisons or a level is out of range. One pass, done once, so the hot loops need no bounds checks.
 */
export function checkGamma(specs: readonly ComparisonSpec[], gamma: Uint8Array): number {
  const C = specs.length;
  if (C === 0) throw new GammaError('no comparisons: give at least one ComparisonSpec');
  if (gamma.length % C !== 0) {
    throw new GammaError(
      `gamma has ${gamma.length} entries, not a multiple of the ${C} comparisons; ` +
        `expected pairs × comparisons entries, row-major (pair p, comparison c at p*${C}+c)`,
    );
  }
  const P = gamma.length / C;
  const { levels } = levelLayout(specs);
  // Column by column: a constant bound per loop runs faster than row by row.
  for (let c = 0; c < C; c++) {
    const L = levels[c]!;
    for (let i = c; i < gamma.length; i += C) {
      if (gamma[i]! >= L) throw levelOutOfRange(specs[c]!, (i - c) / C, gamma[i]!);
    }
  }
  return P;
}

/** The error for a level beyond a comparison's last. */
export function levelOutOfRange(spec: ComparisonSpec, pair: number, level: number): GammaError {
  return new GammaError(
    `pair ${pair}, comparison "${spec.name}": level ${level} is out of range; ` +
      `expected 0..${spec.levels.length - 1} (${spec.levels.join(', ')})`,
    pair,
    spec.name,
  );
}
