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

export interface RegionInput {
  readonly records: readonly SourceRecord[];
  readonly names: readonly (NameFeatures | null)[];
  readonly config: IdentityConfig;
  /** 1 for records the previous run did not see. */
  readonly isNew: Uint8Array;
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
  /** Records that seeded the search (new records and members of blocks or contacts that tipped over a limit). */
  readonly seeds: number;
  /** Contact values over the limit in the whole data, as `identifier|value`: none of them identifies. */
  readonly droppedContacts: ReadonlySet<string>;
}

/**
 * The region: the records connected to a seed by anything that can join two records in a run (a
 * shared identifier, a contact point within its limit, a source's own reference, an approved pair,
 * the previous customer, a candidate pair scoring at or above the auto-merge threshold). Seeds are
 * the new records, plus every member of a block or contact value the new records pushed over its
 * limit (their pairs or links disappear).
 */
export function affectedRegion(input: RegionInput): Region {
  const { records, names, config, isNew } = input;
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
  for (let i = 0; i < n; i++) if (isNew[i] === 1) add(i);
  const oldCount = (list: readonly number[]) => {
    let c = 0;
    for (const i of list) if (isNew[i] === 0) c++;
    return c;
  };
  const touched = (list: readonly number[]) => list.some((i) => isNew[i] === 1);
  for (const [key, list] of blocks) {
    const limit = blockLimit(key, p.maxBlockSize);
    if (list.length > limit && touched(list) && oldCount(list) <= limit) for (const i of list) add(i);
  }

  // Structural neighbours: identifier groups (contacts within their limit), references, decisions.
  const seeds = frontier.length;
  const groups: Map<string, number[]>[] = [];
  const droppedContacts = new Set<string>();
  const identifiers = new Set<Identifier>(config.rules.map((r) => r.identifier));
  for (const id of CONTACT_IDENTIFIERS) identifiers.add(id);
  const identifierList = [...identifiers];
  for (const id of identifierList) {
    const index = indexIdentifier(records, id, blocked);
    if (CONTACT_IDENTIFIERS.has(id)) {
      const limit = contactLimit(config);
      for (const [value, list] of index) {
        if (!contactOverLimit(list, names, records, limit)) continue;
        // Over the limit only since the new records came: the links it gave are gone.
        const before = list.filter((i) => isNew[i] === 0);
        if (touched(list) && !contactOverLimit(before, names, records, limit)) {
          for (const i of list) add(i);
        }
        index.delete(value);
        droppedContacts.add(`${id}|${value}`);
      }
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
