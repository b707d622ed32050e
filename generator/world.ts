// What every feed writes through during a run: the context, the output folder, ground truth, counters,
// the list of deliberately invalid records, and the few cross-feed lookups (contacts per account).

import type { GenContext } from './context.ts';
import type { GroundTruth } from './ground-truth.ts';
import type { Counts, InvalidRecord } from './manifest.ts';
import type { Person } from './person.ts';
import { personAt } from './person.ts';
import type { Output } from './writer.ts';

export interface World {
  ctx: GenContext;
  output: Output;
  gt: GroundTruth;
  counts: Counts;
  invalid: InvalidRecord[];
  /** Person indices of each account's contacts, filled during the person pass. */
  contactsByAccount: number[][];
  /** When (seconds into the window) each account's converted leads converted, in the person pass. */
  conversionsByAccount: number[][];
  /** Persons needed again in the day pass, rebuilt on demand and cached within a bound. */
  people: PersonCache;
}

/** A bounded cache of rebuilt persons: frequent buyers are rebuilt once per few thousand events. */
export class PersonCache {
  private readonly map = new Map<number, Person>();

  constructor(
    private readonly ctx: GenContext,
    private readonly limit = 40_000,
  ) {}

  /** Person i, rebuilt if not cached. */
  get(i: number): Person {
    let p = this.map.get(i);
    if (p === undefined) {
      if (this.map.size >= this.limit) this.map.clear();
      p = personAt(this.ctx, i);
      this.map.set(i, p);
    }
    return p;
  }
}
