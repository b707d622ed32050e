import type { LevelLayout } from './gamma.ts';
import { clampProbability } from './params.ts';

/**
 * Per-level match weights in one flat table: log2(m[c][l] / u[c][l]) with both clamped into
 * [1e-6, 1 - 1e-6], and 0 for level 0 ('missing': no evidence either way).
 */
export function weightTable(
  layout: LevelLayout,
  m: readonly (readonly number[])[],
  u: readonly (readonly number[])[],
): Float64Array {
  const table = new Float64Array(layout.size);
  for (let c = 0; c < layout.comparisons; c++) {
    const offset = layout.offset[c]!;
    for (let l = 1; l < layout.levels[c]!; l++) {
      table[offset + l] = Math.log2(clampProbability(m[c]![l]!) / clampProbability(u[c]![l]!));
    }
  }
  return table;
}
