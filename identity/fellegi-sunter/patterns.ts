// EM sees each distinct comparison vector once, with its number of pairs. Millions of candidate pairs
// of 6-8 comparisons of 3-4 levels hold a few thousand distinct vectors, so an EM iteration costs
// microseconds after one pass over gamma (Splink aggregates agreement patterns the same way).
import type { LevelLayout } from './gamma.ts';

/** Comparison vectors with multiplicities: rows of gamma's layout, pair counts per row (null: all 1). */
export interface Patterns {
  readonly rows: Uint8Array;
  readonly counts: Float64Array | null;
}

// Largest pattern space indexed by a flat array (4 bytes per possible pattern, 64 MiB at most).
const MAX_DIRECT = 1 << 24;
// Past this many distinct vectors per pair, grouping saves too little: EM runs on gamma itself.
const MAX_DISTINCT_SHARE = 0.25;

/** The distinct comparison vectors of gamma (levels already checked) and their pair counts. */
export function distinctPatterns(layout: LevelLayout, gamma: Uint8Array): Patterns {
  const C = layout.comparisons;
  const pairs = gamma.length / C;
  let space = 1;
  for (let c = 0; c < C; c++) space *= layout.levels[c]!;
  const maxDistinct = Math.max(1, Math.floor(pairs * MAX_DISTINCT_SHARE));
  const grouped = new Grouped(C, Math.min(maxDistinct, 1024));
  if (space <= Math.min(MAX_DIRECT, Math.max(1 << 16, pairs))) {
    // Pattern ids + 1 by mixed-radix key; 0 = not seen yet.
    const ids = new Int32Array(space);
    for (let i = 0; i < gamma.length; i += C) {
      const key = patternKey(layout, gamma, i);
      const id = ids[key]!;
      if (id !== 0) grouped.add(id - 1);
      else if (grouped.size === maxDistinct) return { rows: gamma, counts: null };
      else ids[key] = grouped.push(gamma, i) + 1;
    }
  } else if (space <= Number.MAX_SAFE_INTEGER) {
    const ids = new Map<number, number>();
    for (let i = 0; i < gamma.length; i += C) {
      const key = patternKey(layout, gamma, i);
      const id = ids.get(key);
      if (id !== undefined) grouped.add(id);
      else if (grouped.size === maxDistinct) return { rows: gamma, counts: null };
      else ids.set(key, grouped.push(gamma, i));
    }
  } else {
    return { rows: gamma, counts: null };
  }
  return grouped.patterns();
}

function patternKey(layout: LevelLayout, gamma: Uint8Array, i: number): number {
  let key = 0;
  for (let c = 0; c < layout.comparisons; c++) key = key * layout.levels[c]! + gamma[i + c]!;
  return key;
}

/** Growable rows and counts of the distinct patterns found so far. */
class Grouped {
  size = 0;
  private rows: Uint8Array;
  private counts: Float64Array;

  constructor(
    private readonly width: number,
    capacity: number,
  ) {
    this.rows = new Uint8Array(capacity * width);
    this.counts = new Float64Array(capacity);
  }

  /** Adds a new pattern (gamma's row at i) seen once; returns its id. */
  push(gamma: Uint8Array, i: number): number {
    if (this.size === this.counts.length) {
      const rows = new Uint8Array(this.rows.length * 2);
      rows.set(this.rows);
      this.rows = rows;
      const counts = new Float64Array(this.counts.length * 2);
      counts.set(this.counts);
      this.counts = counts;
    }
    this.rows.set(gamma.subarray(i, i + this.width), this.size * this.width);
    this.counts[this.size] = 1;
    return this.size++;
  }

  add(id: number): void {
    this.counts[id] = this.counts[id]! + 1;
  }

  patterns(): Patterns {
    return { rows: this.rows.slice(0, this.size * this.width), counts: this.counts.slice(0, this.size) };
  }
}
