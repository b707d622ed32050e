import type { NameFeatures } from './compare/index.ts';
import type { Clusters } from './clusters.ts';
import { link, type Placement } from './deterministic.ts';
import { recordKey, type SourceRecord } from './records.ts';

/** Contact values (phones, emails) that survived the block list and the per-contact limit. */
export type ContactIndex = ReadonlyMap<string, readonly number[]>;

interface RootSummary {
  named: boolean;
  members: number[];
  dates: Set<string>;
  genders: Set<string>;
}

export interface AttachStats {
  /** Nameless customers attached to the one named customer holding their phone or email. */
  attachedByContact: number;
  /** Nameless customers attached through a linked record (an order's buyer to its receivers). */
  attachedByLink: number;
  /** Nameless customers left alone because several named customers hold their phone or email. */
  ambiguous: number;
  /** Nameless customers joined with each other by a shared phone or email. */
  joinedNameless: number;
}

function compatible(x: RootSummary, c: RootSummary): boolean {
  if (x.dates.size > 0 && c.dates.size > 0 && ![...x.dates].some((d) => c.dates.has(d))) return false;
  if (x.genders.size > 0 && c.genders.size > 0 && ![...x.genders].some((g) => c.genders.has(g))) return false;
  return true;
}

/**
 * The last phase: records that carry no name (a receipt with only a phone, a consent event, a
 * shipment) join a named customer only when that is unambiguous. Every decision is taken on the
 * clusters as the earlier phases left them and applied afterwards, so the result does not depend
 * on the order records are visited in. A weak link never joins two named customers.
 */
export function attachNameless(
  records: readonly SourceRecord[],
  names: readonly (NameFeatures | null)[],
  contacts: readonly { identifier: 'phone' | 'email'; index: ContactIndex }[],
  clusters: Clusters,
  placement: Placement,
  byKey: ReadonlyMap<string, number>,
): AttachStats {
  const stats: AttachStats = { attachedByContact: 0, attachedByLink: 0, ambiguous: 0, joinedNameless: 0 };
  const n = records.length;
  const root = new Int32Array(n);
  const roots = new Map<number, RootSummary>();
  for (let i = 0; i < n; i++) {
    const r = clusters.find(i);
    root[i] = r;
    let s = roots.get(r);
    if (!s) roots.set(r, (s = { named: false, members: [], dates: new Set(), genders: new Set() }));
    s.members.push(i);
    const rec = records[i]!;
    if (names[i] || rec.nationalId) s.named = true;
    if (rec.birthDate) s.dates.add(rec.birthDate);
    if (rec.gender) s.genders.add(rec.gender);
  }

  // Named customers holding each contact value.
  const namedByValue = contacts.map(({ index }) => {
    const m = new Map<string, number[]>();
    for (const [value, list] of index) {
      const set = new Set<number>();
      for (const i of list) if (roots.get(root[i]!)!.named) set.add(root[i]!);
      if (set.size > 0)
        m.set(
          value,
          [...set].sort((a, b) => a - b),
        );
    }
    return m;
  });

  // Votes of named records for the nameless record they point at (receivers for their buyer).
  const votes = new Map<number, Map<number, number>>();
  for (let i = 0; i < n; i++) {
    const linked = records[i]!.linkedKey;
    if (!linked || !roots.get(root[i]!)!.named) continue;
    const t = byKey.get(recordKey(records[i]!.source, linked));
    if (t === undefined || roots.get(root[t]!)!.named) continue;
    let v = votes.get(root[t]!);
    if (!v) votes.set(root[t]!, (v = new Map()));
    v.set(root[i]!, (v.get(root[i]!) ?? 0) + 1);
  }
  const majority = (x: number): number | undefined => {
    const v = votes.get(x);
    if (!v) return undefined;
    let total = 0;
    let best = -1;
    let bestCount = 0;
    for (const [r, c] of v) {
      total += c;
      if (c > bestCount || (c === bestCount && r < best)) [best, bestCount] = [r, c];
    }
    return bestCount * 2 > total ? best : undefined;
  };

  const decisions: { x: number; target: number; rule: string; confidence: number }[] = [];
  const unplaced: number[] = [];
  for (const [x, s] of roots) {
    if (s.named) continue;
    const cands = new Set<number>();
    let via: 'phone' | 'email' | null = null;
    contacts.forEach(({ identifier }, c) => {
      for (const i of s.members) {
        for (const value of identifier === 'phone' ? records[i]!.phones : records[i]!.emails) {
          for (const r of namedByValue[c]!.get(value) ?? []) {
            if (compatible(s, roots.get(r)!) && clusters.refusal(x, r) === null) {
              if (!cands.has(r)) via ??= identifier;
              cands.add(r);
            }
          }
        }
      }
    });
    const voted = majority(x);
    if (cands.size === 1) {
      decisions.push({ x, target: [...cands][0]!, rule: `attached_${via}`, confidence: 0.95 });
    } else if (cands.size === 0 && voted !== undefined) {
      decisions.push({ x, target: voted, rule: 'linked_record', confidence: 0.9 });
    } else if (cands.size > 1 && voted !== undefined && cands.has(voted)) {
      decisions.push({ x, target: voted, rule: 'linked_record', confidence: 0.9 });
    } else if (cands.size > 1) {
      stats.ambiguous++;
    } else {
      unplaced.push(x);
    }
  }
  for (const d of decisions) {
    if (!link(clusters, placement, d.x, d.target, d.rule, d.confidence)) continue;
    for (const i of roots.get(d.x)!.members) {
      if (placement.rule[i] === null) {
        placement.rule[i] = d.rule;
        placement.confidence[i] = d.confidence;
      }
    }
    if (d.rule === 'linked_record') stats.attachedByLink++;
    else stats.attachedByContact++;
  }

  // Nameless customers no named one claims: the same phone or email is the same unknown person.
  const free = new Set(unplaced);
  for (const { identifier, index } of contacts) {
    for (const list of index.values()) {
      let first = -1;
      for (const i of list) {
        if (!free.has(root[i]!)) continue;
        if (first === -1) first = i;
        else if (clusters.find(first) !== clusters.find(i)) {
          if (link(clusters, placement, first, i, `same_${identifier}`, 0.9)) stats.joinedNameless++;
        }
      }
    }
  }
  return stats;
}
