// The manifest written next to the feeds: which files exist (rows, bytes, encoding), counts per feed,
// the records deliberately made invalid, and the options that produced it. It holds nothing that
// varies between runs (no timings, no output path), so equal options give a byte-identical manifest.

import type { FileEntry } from './writer.ts';

export const GENERATOR_NAME = 'cdp-synthetic-generator';

/**
 * Goes up whenever equal options stop giving the files an earlier version wrote (a new feed, a
 * changed column): `cdp demo` reuses generated feeds only when this and the options match.
 * 2: the equipment feeds.
 */
export const GENERATOR_VERSION = 2;

export interface InvalidRecord {
  path: string;
  /** 1-based line in the file. */
  line: number;
  id: string;
  reason: string;
}

export interface GenerateManifest {
  generator: typeof GENERATOR_NAME;
  formatVersion: 1;
  /** GENERATOR_VERSION of the generator that wrote the files (absent before version 2). */
  generatorVersion: number;
  seed: number;
  options: { customers: number; seed: number; start: string; days: number };
  window: { start: string; endExclusive: string; timezone: string };
  files: FileEntry[];
  counts: Record<string, Record<string, number>>;
  /** Records a connector must quarantine (bad FHIR resources). */
  invalidRecords: InvalidRecord[];
}

/** Named counters per feed, serialised with sorted keys. */
export class Counts {
  private readonly data = new Map<string, Map<string, number>>();

  /** Adds `by` to counter `name` of `feed`. */
  add(feed: string, name: string, by = 1): void {
    let m = this.data.get(feed);
    if (!m) this.data.set(feed, (m = new Map()));
    m.set(name, (m.get(name) ?? 0) + by);
  }

  /** Plain object with feeds and counters in sorted order. */
  toJSON(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const feed of [...this.data.keys()].sort()) {
      const m = this.data.get(feed) as Map<string, number>;
      out[feed] = Object.fromEntries([...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    }
    return out;
  }
}
