// Feeds repeat their values: a day's POS export has a few thousand prices and timestamps over a
// million lines, and normalising each again (regular expressions, BigInt rounding, zone lookups)
// was a third of an ingest. Normalisers are pure, so results are kept per raw string.

// A bound on each cache: a column of unique values (receipt numbers) must not grow it without end.
const MAX_ENTRIES = 50_000;

/** A bounded cache of a pure function of a string; emptied when it fills up. */
export class Memo<T> {
  private readonly map = new Map<string, T>();

  constructor(private readonly compute: (raw: string) => T) {}

  get(raw: string): T {
    let value = this.map.get(raw);
    if (value === undefined) {
      value = this.compute(raw);
      if (this.map.size >= MAX_ENTRIES) this.map.clear();
      this.map.set(detached(raw), value);
    }
    return value;
  }
}

/** One Memo per setting (e.g. per time zone), made on first use. */
export class MemoBySetting<T> {
  private readonly memos = new Map<string, Memo<T>>();

  constructor(private readonly compute: (raw: string, setting: string) => T) {}

  get(raw: string, setting: string): T {
    let memo = this.memos.get(setting);
    if (!memo) {
      memo = new Memo((r) => this.compute(r, setting));
      this.memos.set(setting, memo);
    }
    return memo.get(raw);
  }
}

// A field read from a file is a slice of the decoded chunk and keeps all of it alive; a key kept
// in the cache must not hold a megabyte of text per entry. Slicing a concatenation copies it.
function detached(s: string): string {
  return ` ${s}`.slice(1);
}
