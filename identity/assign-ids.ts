import { createHash } from 'node:crypto';

/** A customer ID's row in identity.customer_ids. */
export interface CustomerIdState {
  readonly customerId: string;
  readonly status: 'active' | 'merged' | 'retired';
  readonly mergedInto: string | null;
  readonly createdAt: Date;
}

export type HistoryAction = 'create' | 'merge' | 'split' | 'move' | 'unmerge' | 'retire';

/** One change to the customer graph, for identity.merge_history. */
export interface HistoryEvent {
  readonly action: HistoryAction;
  readonly customerId: string;
  readonly otherCustomerId: string | null;
  /** Record keys (`source/source_key`) that moved. */
  readonly records: readonly string[];
  readonly reason: string;
}

export interface AssignInput {
  /** Record keys in record order. */
  readonly keys: readonly string[];
  /** Cluster label per record (smallest member index). */
  readonly labels: Int32Array;
  /** How each record joined its cluster, for the reason of a merge. */
  readonly rules: readonly (string | null)[];
  /** The customer each record had after the previous run. */
  readonly previous: ReadonlyMap<string, string>;
  /** Every ID ever minted. */
  readonly ids: ReadonlyMap<string, CustomerIdState>;
  /** Unmerge: an ID to bring back for the cluster holding most of these records. */
  readonly restore?: ReadonlyMap<string, ReadonlySet<string>>;
  readonly prefix: string;
  readonly now: Date;
  /**
   * When only some records are resolved again (an incremental run): the IDs their previous
   * customers had. Only these can be retired; every other ID keeps its records untouched.
   */
  readonly scope?: ReadonlySet<string>;
}

export interface Assignment {
  /** Customer ID per record. */
  readonly customerOf: string[];
  /** IDs whose state is new or changed. */
  readonly changedIds: CustomerIdState[];
  readonly history: HistoryEvent[];
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new ID derived from the cluster's founding record, so rebuilding from scratch mints the same IDs. */
function mint(prefix: string, founder: string, taken: (id: string) => boolean): string {
  const digest = createHash('sha256').update(founder).digest();
  let body = '';
  for (let i = 0; i < 10; i++) body += ALPHABET[digest[i]! % 32];
  let id = `${prefix}${body}`;
  for (let k = 2; taken(id); k++) id = `${prefix}${body}${k}`;
  return id;
}

/** The survivor of a merge: the oldest ID, then the one holding more of the records, then by name. */
function older(a: CustomerIdState, b: CustomerIdState, held: (id: string) => number): number {
  const t = a.createdAt.getTime() - b.createdAt.getTime();
  if (t !== 0) return t;
  const h = held(b.customerId) - held(a.customerId);
  return h !== 0 ? h : a.customerId < b.customerId ? -1 : 1;
}

function topCount(counts: Map<string, number>): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [id, c] of counts) {
    if (c > bestCount || (c === bestCount && best !== null && id < best)) [best, bestCount] = [id, c];
  }
  return best;
}

/**
 * Gives every cluster a customer ID so that IDs are stable: a cluster keeps the ID of the previous
 * customer whose records it mostly holds; a cluster holding several keeps the oldest and the rest
 * become aliases; a cluster holding none mints one. Every change becomes a history event.
 */
export function assignIds(input: AssignInput): Assignment {
  const { keys, labels, previous, ids, now } = input;
  const clusters = new Map<number, number[]>();
  labels.forEach((l, i) => {
    const list = clusters.get(l);
    if (list) list.push(i);
    else clusters.set(l, [i]);
  });

  // For every previous ID, the cluster holding most of its records keeps it.
  const countsById = new Map<string, Map<number, number>>();
  for (const [label, members] of clusters) {
    for (const i of members) {
      const prev = previous.get(keys[i]!);
      if (prev === undefined) continue;
      let m = countsById.get(prev);
      if (!m) countsById.set(prev, (m = new Map()));
      m.set(label, (m.get(label) ?? 0) + 1);
    }
  }
  const keeperOf = new Map<string, number>();
  const pick = (m: Map<number, number>): number => {
    let best = -1;
    let bestCount = 0;
    for (const [label, c] of m)
      if (c > bestCount || (c === bestCount && label < best)) [best, bestCount] = [label, c];
    return best;
  };
  for (const [id, m] of countsById) keeperOf.set(id, pick(m));
  const restored = new Map<number, string>();
  for (const [id, recordSet] of input.restore ?? []) {
    const m = new Map<number, number>();
    for (const [label, members] of clusters) {
      const c = members.filter((i) => recordSet.has(keys[i]!)).length;
      if (c > 0) m.set(label, c);
    }
    if (m.size > 0) {
      const label = pick(m);
      restored.set(label, id);
      keeperOf.set(id, label);
    }
  }
  const keptBy = new Map<number, string[]>();
  for (const [id, label] of keeperOf) {
    const list = keptBy.get(label);
    if (list) list.push(id);
    else keptBy.set(label, [id]);
  }

  const customerOf = new Array<string>(keys.length);
  const changed = new Map<string, CustomerIdState>();
  const history: HistoryEvent[] = [];
  const minted = new Set<string>();
  const taken = (id: string) => ids.has(id) || minted.has(id);
  const stateOf = (id: string): CustomerIdState | undefined => changed.get(id) ?? ids.get(id);
  const setState = (s: CustomerIdState) => {
    const old = ids.get(s.customerId);
    if (!old || old.status !== s.status || old.mergedInto !== s.mergedInto) changed.set(s.customerId, s);
  };

  const labelsInOrder = [...clusters.keys()].sort((a, b) => a - b);
  for (const label of labelsInOrder) {
    const members = clusters.get(label)!;
    const kept = keptBy.get(label) ?? [];
    let survivor: string;
    if (kept.length === 0) {
      survivor = mint(input.prefix, keys[members[0]!]!, taken);
      minted.add(survivor);
      setState({ customerId: survivor, status: 'active', mergedInto: null, createdAt: now });
      const prevCounts = new Map<string, number>();
      for (const i of members) {
        const p = previous.get(keys[i]!);
        if (p !== undefined) prevCounts.set(p, (prevCounts.get(p) ?? 0) + 1);
      }
      const from = topCount(prevCounts);
      history.push({
        action: from === null ? 'create' : 'split',
        customerId: survivor,
        otherCustomerId: from,
        records: from === null ? [] : members.filter((i) => previous.has(keys[i]!)).map((i) => keys[i]!),
        reason: from === null ? 'new records' : 'records no longer link to their customer',
      });
    } else {
      const restoredId = restored.get(label);
      const states = kept.map(
        (id) =>
          stateOf(id) ?? { customerId: id, status: 'active' as const, mergedInto: null, createdAt: now },
      );
      const held = (id: string) => members.filter((i) => previous.get(keys[i]!) === id).length;
      states.sort((a, b) => older(a, b, held));
      survivor = restoredId ?? states[0]!.customerId;
      const was = stateOf(survivor);
      setState({
        customerId: survivor,
        status: 'active',
        mergedInto: null,
        createdAt: was?.createdAt ?? now,
      });
      if (restoredId !== undefined && was?.status === 'merged') {
        history.push({
          action: 'unmerge',
          customerId: survivor,
          otherCustomerId: was.mergedInto,
          records: members.map((i) => keys[i]!),
          reason: 'unmerge requested',
        });
      }
      for (const s of states) {
        if (s.customerId === survivor) continue;
        const moved = members.filter((i) => previous.get(keys[i]!) === s.customerId);
        setState({
          customerId: s.customerId,
          status: 'merged',
          mergedInto: survivor,
          createdAt: s.createdAt,
        });
        const reasons = [...new Set(moved.map((i) => input.rules[i] ?? 'founder'))].sort();
        history.push({
          action: 'merge',
          customerId: survivor,
          otherCustomerId: s.customerId,
          records: moved.map((i) => keys[i]!),
          reason: reasons.join(', '),
        });
      }
    }
    // Records that came from a customer that lives on elsewhere.
    const movedFrom = new Map<string, number[]>();
    for (const i of members) {
      customerOf[i] = survivor;
      const p = previous.get(keys[i]!);
      // A minted cluster's history is its split event and a restored one's its unmerge event.
      if (p === undefined || p === survivor || kept.includes(p) || kept.length === 0 || restored.has(label))
        continue;
      const list = movedFrom.get(p);
      if (list) list.push(i);
      else movedFrom.set(p, [i]);
    }
    for (const [from, moved] of movedFrom) {
      history.push({
        action: 'move',
        customerId: survivor,
        otherCustomerId: from,
        records: moved.map((i) => keys[i]!),
        reason: [...new Set(moved.map((i) => input.rules[i] ?? 'founder'))].sort().join(', '),
      });
    }
  }

  // Active IDs nobody kept: all their records are gone.
  for (const s of ids.values()) {
    if (s.status !== 'active' || keeperOf.has(s.customerId) || changed.has(s.customerId)) continue;
    if (input.scope && !input.scope.has(s.customerId)) continue;
    setState({ ...s, status: 'retired', mergedInto: null });
    history.push({
      action: 'retire',
      customerId: s.customerId,
      otherCustomerId: null,
      records: [],
      reason: 'no records left',
    });
  }
  return { customerOf, changedIds: [...changed.values()].map((s) => ({ ...s })), history };
}
