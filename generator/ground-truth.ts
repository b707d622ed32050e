// ground_truth.csv: for every customer-identifying record in every feed, the hidden person behind it.
// Keys are the ones a connector would derive (see CONTEXT.md for the key of each feed); account_code is
// filled for records that belong to a B2B account (contacts, account-coded tickets and shipments).

import type { GenContext } from './context.ts';
import { personId } from './context.ts';
import type { Counts } from './manifest.ts';
import type { LineSink } from './writer.ts';

export const GROUND_TRUTH_PATH = 'ground_truth.csv';
export const GROUND_TRUTH_HEADER = 'feed,source_record_key,person_id,account_code';

/** Appends ground-truth rows and counts them per feed. */
export class GroundTruth {
  constructor(
    private readonly sink: LineSink,
    private readonly ctx: GenContext,
    private readonly counts: Counts,
  ) {}

  /** Records that `key` in `feed` belongs to person index `person`. */
  add(feed: string, key: string, person: number, accountCode = ''): void {
    // Feed names, keys, person ids and account codes never contain commas or quotes.
    this.sink.line(`${feed},${key},${personId(this.ctx, person)},${accountCode}`);
    this.counts.add(feed, 'ground_truth_keys');
  }

  /** Backpressure checkpoint. */
  drain(): Promise<void> {
    return this.sink.drain();
  }

  /** Closes the file. */
  close(): Promise<void> {
    return this.sink.close();
  }
}
