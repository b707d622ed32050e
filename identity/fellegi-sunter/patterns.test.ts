import { describe, expect, it } from 'vitest';
import { levelLayout } from './gamma.ts';
import type { ComparisonSpec } from './params.ts';
import { distinctPatterns } from './patterns.ts';
import type { Patterns } from './patterns.ts';
import { mulberry32, PERSON_MODEL, simulatePairs } from './simulate.ts';

const spec = (name: string, levels: number): ComparisonSpec => ({
  name,
  levels: ['missing', ...Array.from({ length: levels - 1 }, (_, l) => `level_${l + 1}`)],
});

// Multiset of rows as "row -> pairs", the same for a gamma and its grouping.
function tally(C: number, { rows, counts }: Patterns): Map<string, number> {
  const result = new Map<string, number>();
  for (let r = 0; r < rows.length / C; r++) {
    const key = rows.subarray(r * C, r * C + C).join();
    result.set(key, (result.get(key) ?? 0) + (counts === null ? 1 : counts[r]!));
  }
  return result;
}

describe('distinctPatterns', () => {
  it('groups pairs by comparison vector, keeping every pair', () => {
    const { gamma } = simulatePairs(PERSON_MODEL, 50_000, 0.05, mulberry32(51));
    const C = PERSON_MODEL.specs.length;
    const grouped = distinctPatterns(levelLayout(PERSON_MODEL.specs), gamma);
    expect(grouped.counts).not.toBeNull();
    expect(grouped.rows.length / C).toBeLessThan(2_000);
    expect(grouped.counts!.reduce((a, b) => a + b, 0)).toBe(50_000);
    expect(tally(C, grouped)).toEqual(tally(C, { rows: gamma, counts: null }));
  });

  it('groups by a map when the pattern space is too large to index', () => {
    const specs = [spec('a', 200), spec('b', 200), spec('c', 200), spec('d', 200)];
    const gamma = new Uint8Array(4_000);
    const rng = mulberry32(52);
    for (let i = 0; i < gamma.length; i++) gamma[i] = rng() < 0.9 ? 1 : 199;
    const grouped = distinctPatterns(levelLayout(specs), gamma);
    expect(grouped.rows.length / 4).toBeLessThanOrEqual(16);
    expect(tally(4, grouped)).toEqual(tally(4, { rows: gamma, counts: null }));
  });

  it('leaves gamma ungrouped when most pairs are distinct or the space is past 2^53', () => {
    const specs = [spec('a', 250), spec('b', 250)];
    const gamma = new Uint8Array(2_000);
    const rng = mulberry32(53);
    for (let i = 0; i < gamma.length; i++) gamma[i] = 1 + Math.floor(rng() * 249);
    expect(distinctPatterns(levelLayout(specs), gamma)).toEqual({ rows: gamma, counts: null });
    const wide = Array.from({ length: 8 }, (_, c) => spec(`c${c}`, 256));
    const zeros = new Uint8Array(8 * 100);
    expect(distinctPatterns(levelLayout(wide), zeros).rows).toBe(zeros);
  });
});
