// The records an incremental run must resolve again after new records arrived: the new records
// and everything a full run could now place differently. See CONTEXT.md ("Incremental runs") for
// why the rest keeps its customers exactly.
import type { NameFeatures } from './compare/index.ts';
import { CONTACT_IDENTIFIERS, type Identifier, type IdentityConfig } from './config.ts';
import type { FsParams } from './fellegi-sunter/index.ts';
import { BlockList, identifierValues, indexIdentifier } from './identifier-index.ts';
import {
  blockKeys,
  COMPARISONS,
  blockLimit,
  buildBlocks,
  comparePairs,
  recordFeatures,
  scoreGamma,
  uniquePairs,
} from './probabilistic.ts';
import { recordKey, type SourceRecord } from './records.ts';
import { contactLimit, contactOverLimit } from './resolve.ts';

/** The version of a record the previous run placed, when the record has changed or is gone since. */
export interface Ghost {
  readonly record: SourceRecord;
  readonly name: NameFeatures | null;
  /** Its customer after the previous run. */
  readonly customer: string;
}

export interface RegionInput {
  readonly records: readonly SourceRecord[];
  readonly names: readonly (NameFeatures | null)[];
  readonly config: IdentityConfig;
  /** 1 for records the previous run did not see as they are now: new and changed ones. */
  readonly fresh: Uint8Array;
  /** The previous versions of changed records and the removed records. */
  readonly ghosts: readonly Ghost[];
  /** The previous customer of each old record (undefined for new ones). */
  readonly previousCustomer: (i: number) => string | undefined;
  readonly mustLinks: readonly { a: number; b: number }[];
  readonly byKey: ReadonlyMap<string, number>;
  /** The stored model; null when the probabilistic phase is off. */
  readonly model: { params: FsParams; frequencies: ReadonlyMap<string, number> } | null;
}

export interface Region {
  /** Record indices to resolve again, ascending. */
  readonly records: Int32Array;
  /** Every candidate pair with a record in the region, sorted by (a, b), with its comparison levels. */
  readonly pairs: { a: Int32Array; b: Int32Array; gamma: Uint8Array };
  /** Records that seeded the search (see affectedRegion). */
  readonly seeds: number;
  /** Contact values over the limit in the whole data, as `identifier|value`: none of them identifies. */
  readonly droppedContacts: ReadonlySet<string>;
}

/**
 * The region: the records connected to a seed by anything that can join two records in a run (a
 * shared identifier, a contact point within its limit, a source's own reference, an approved pair,
 * the previous customer, a candidate pair scoring at or above the auto-merge threshold). Seeds are
 * the new and changed records; every member of a block or contact value that crossed its limit
 * either way (pairs or links appear or disappear); and what the previous versions of changed and
 * removed records (ghosts) were linked to: their customer, the holders of their identifiers and
 * of their contact values (unless over the limit before and after), the records they referenced.
 */
export function affectedRegion(input: RegionInput): Region {
  const { records, names, config, fresh, ghosts } = input;
  const n = records.length;
  const blocked = new BlockList(config.blocked);
  const p = config.probabilistic;
  const blocks = p.enabled ? buildBlocks(records, names, blocked) : new Map<string, number[]>();

  const inRegion = new Uint8Array(n);
  let frontier: number[] = [];
  const add = (j: number) => {
    if (inRegion[j] === 0) {
      inRegion[j] = 1;
      frontier.push(j);
    }
  };
  const addAll = (list: readonly number[] | undefined) => {
    for (const j of list ?? []) add(j);
  };
  for (let i = 0; i < n; i++) if (fresh[i] === 1) add(i);
  // Members of the data the previous run saw: records not fresh, and the ghosts (indices n + g).
  const oldCount = (list: readonly number[]) => {
    let c = 0;
    for (const i of list) if (fresh[i] === 0) c++;
    return c;
  };
  if (p.enabled) {
    const ghostKeys = new Map<string, number>();
    for (const g of ghosts) {
      if (g.name)
        blockKeys(g.record, g.name, blocked, (key) => ghostKeys.set(key, (ghostKeys.get(key) ?? 0) + 1));
    }
    const touched = new Set(ghostKeys.keys());
    for (let i = 0; i < n; i++) {
      const name = names[i];
      if (fresh[i] === 1 && name) blockKeys(records[i]!, name, blocked, (key) => touched.add(key));
    }
    // A block that crossed its limit either way: its pairs appeared or disappeared.
    for (const key of touched) {
      const list = blocks.get(key) ?? [];
      const limit = blockLimit(key, p.maxBlockSize);
      if (list.length > limit !== oldCount(list) + (ghostKeys.get(key) ?? 0) > limit) addAll(list);
    }
  }

  // Structural neighbours: identifier groups (contacts within their limit), references, decisions.
  const groups: Map<string, number[]>[] = [];
  const droppedContacts = new Set<string>();
  const identifiers = new Set<Identifier>(config.rules.map((r) => r.identifier));
  for (const id of CONTACT_IDENTIFIERS) identifiers.add(id);
  const identifierList = [...identifiers];
  // The previous run's data, for the limits as they were: the records, then the ghosts.
  const before = ghosts.length > 0 ? records.concat(ghosts.map((g) => g.record)) : records;
  const beforeNames = ghosts.length > 0 ? names.concat(ghosts.map((g) => g.name)) : names;
  const limit = contactLimit(config);
  for (const id of identifierList) {
    const index = indexIdentifier(records, id, blocked);
    const ghostHolders = new Map<string, number[]>();
    ghosts.forEach((g, k) => {
      for (const v of identifierValues(g.record, id)) {
        if (blocked.blocks(id, v)) continue;
        const list = ghostHolders.get(v);
        if (list) list.push(n + k);
        else ghostHolders.set(v, [n + k]);
      }
    });
    if (!CONTACT_IDENTIFIERS.has(id)) {
      // An old version leaving a group can change how the rest of it links (its birth date kept
      // two dated records apart, its name joined two spellings).
      for (const v of ghostHolders.keys()) addAll(index.get(v));
      groups.push(index);
      continue;
    }
    const over = new Set<string>();
    for (const [value, list] of index) if (contactOverLimit(list, names, records, limit)) over.add(value);
    const touched = new Set(ghostHolders.keys());
    for (let i = 0; i < n; i++) {
      if (fresh[i] === 1) for (const v of identifierValues(records[i]!, id)) touched.add(v);
    }
    for (const value of touched) {
      const list = index.get(value) ?? [];
      const gone = ghostHolders.get(value) ?? [];
      const was = contactOverLimit(
        [...list.filter((i) => fresh[i] === 0), ...gone],
        beforeNames,
        before,
        limit,
      );
      const is = over.has(value);
      // Crossed the limit (its links appeared or went), or lost a holder it identified.
      if (was !== is || (gone.length > 0 && !is)) addAll(list);
    }
    for (const value of over) {
      index.delete(value);
      droppedContacts.add(`${id}|${value}`);
    }
    groups.push(index);
  }
  const refs = new Map<number, number[]>();
  const edge = (i: number, j: number) => {
    for (const [x, y] of [
      [i, j],
      [j, i],
    ] as const) {
      const list = refs.get(x);
      if (list) list.push(y);
      else refs.set(x, [y]);
    }
  };
  records.forEach((r, i) => {
    const same = r.sameAs === null ? undefined : input.byKey.get(r.sameAs);
    if (same !== undefined) edge(i, same);
    const linked = r.linkedKey === null ? undefined : input.byKey.get(recordKey(r.source, r.linkedKey));
    if (linked !== undefined) edge(i, linked);
  });
  for (const c of input.mustLinks) edge(c.a, c.b);
  const byCustomer = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const c = input.previousCustomer(i);
    if (c === undefined) continue;
    const list = byCustomer.get(c);
    if (list) list.push(i);
    else byCustomer.set(c, [i]);
  }
  // What the ghosts were linked to: their customer (which may split), the records they pointed at
  // (a buyer loses a receiver's vote).
  for (const g of ghosts) {
    addAll(byCustomer.get(g.customer));
    const r = g.record;
    const same = r.sameAs === null ? undefined : input.byKey.get(r.sameAs);
    if (same !== undefined) add(same);
    const linked = r.linkedKey === null ? undefined : input.byKey.get(recordKey(r.source, r.linkedKey));
    if (linked !== undefined) add(linked);
  }

  const seeds = frontier.length;
  const features = recordFeatures(records, names);
  const scored = new Set<number>();
  let codes: number[] = [];
  // Each level's pairs with their comparison levels, kept so no pair is compared twice.
  const levels: { a: Int32Array; b: Int32Array; gamma: Uint8Array }[] = [];
  while (frontier.length > 0) {
    const current = frontier;
    frontier = [];
    for (const i of current) {
      const r = records[i]!;
      identifierList.forEach((id, k) => {
        for (const v of identifierValues(r, id)) for (const j of groups[k]!.get(v) ?? []) add(j);
      });
      for (const j of refs.get(i) ?? []) add(j);
      const c = input.previousCustomer(i);
      if (c !== undefined) for (const j of byCustomer.get(c)!) add(j);
      const name = names[i];
      if (!p.enabled || !name) continue;
      blockKeys(r, name, blocked, (key) => {
        const list = blocks.get(key)!;
        if (list.length > blockLimit(key, p.maxBlockSize)) return;
        for (const j of list) {
          if (j === i) continue;
          const code = i < j ? i * n + j : j * n + i;
          if (scored.has(code)) continue;
          scored.add(code);
          codes.push(code);
        }
      });
    }
    // This level's new candidate pairs: a pair that could link joins its records to the region.
    if (codes.length > 0 && input.model) {
      const { a, b } = uniquePairs(Float64Array.from(codes), n);
      codes = [];
      const gamma = comparePairs(records, features, a, b);
      levels.push({ a, b, gamma });
      const { probability } = scoreGamma(input.model.params, input.model.frequencies, names, a, gamma);
      for (let k = 0; k < a.length; k++) {
        if (probability[k]! >= p.autoMergeThreshold) {
          add(a[k]!);
          add(b[k]!);
        }
      }
    }
  }
  const region: number[] = [];
  for (let i = 0; i < n; i++) if (inRegion[i] === 1) region.push(i);
  return {
    records: Int32Array.from(region),
    pairs: mergeLevels(levels, n),
    seeds,
    droppedContacts,
  };
}

/** The levels' pairs (each level sorted, no pair in two levels) as one list sorted by (a, b). */
function mergeLevels(
  levels: readonly { a: Int32Array; b: Int32Array; gamma: Uint8Array }[],
  n: number,
): { a: Int32Array; b: Int32Array; gamma: Uint8Array } {
  const rows: { code: number; level: number; row: number }[] = [];
  levels.forEach((l, level) => {
    for (let row = 0; row < l.a.length; row++) rows.push({ code: l.a[row]! * n + l.b[row]!, level, row });
  });
  rows.sort((x, y) => x.code - y.code);
  const C = COMPARISONS.length;
  const a = new Int32Array(rows.length);
  const b = new Int32Array(rows.length);
  const gamma = new Uint8Array(rows.length * C);
  rows.forEach(({ level, row }, k) => {
    const l = levels[level]!;
    a[k] = l.a[row]!;
    b[k] = l.b[row]!;
    gamma.set(l.gamma.subarray(row * C, row * C + C), k * C);
  });
  return { a, b, gamma };
}
