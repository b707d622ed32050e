import type { NameFeatures } from './compare/index.ts';
import { attachNameless, type AttachStats, type ContactIndex } from './attach.ts';
import { applyClusterContactRule } from './cluster-contact-rule.ts';
import { Clusters, type Refusal } from './clusters.ts';
import { CONTACT_IDENTIFIERS, type Identifier, type IdentityConfig } from './config.ts';
import { applyRuleToGroup, link, newPlacement, type Placement } from './deterministic.ts';
import { BlockList, indexIdentifier } from './identifier-index.ts';
import { recordKey, type SourceRecord } from './records.ts';

/** A person's decision, by record index. */
export interface Constraint {
  readonly a: number;
  readonly b: number;
  readonly kind: 'must_link' | 'cannot_link';
}

/** A pair the probabilistic model scored above the auto-merge threshold. */
export interface ScoredLink {
  /** Row of the pair in the scored pairs. */
  readonly pair: number;
  readonly a: number;
  readonly b: number;
  readonly probability: number;
}

export interface ResolveStats {
  records: number;
  customers: number;
  /** Links that joined two clusters, per rule or phase. */
  linksByRule: Record<string, number>;
  refused: Record<Refusal, number>;
  /** Phone and email values dropped because too many different names hold them. */
  contactsOverLimit: number;
  attach: AttachStats;
  largestCustomer: number;
  /** Customers larger than the alarm size: look for chained over-merges. */
  oversized: number;
}

export interface Resolution {
  /** Per record: the smallest record index of its customer. */
  readonly labels: Int32Array;
  readonly placement: Placement;
  readonly names: readonly (NameFeatures | null)[];
  readonly stats: ResolveStats;
  /** The scored links that joined two customers (their `pair` rows). */
  readonly usedLinks: readonly number[];
}

/** The per-contact limit: at most `max` family names, within `windowDays` if set. */
export interface ContactLimit {
  readonly max: number;
  readonly windowDays?: number;
}

const DAY_MS = 86_400_000;

/**
 * Whether a phone or email value held by these records identifies no one: more family names than
 * the limit hold it (a shop's number typed for walk-ins, a company mailbox), within any window of
 * the limit's days when it has one. Family names, not full names, are counted: one person's
 * 严婉昕, "Echo Yan" and "Wanxin Yan" are one family name, while strangers rarely share one.
 * Adding holders never takes a value back under the limit (incremental runs rely on it).
 */
export function contactOverLimit(
  holders: readonly number[],
  names: readonly (NameFeatures | null)[],
  records: readonly SourceRecord[],
  limit: ContactLimit,
): boolean {
  const all = new Set<string>();
  for (const i of holders) {
    const f = names[i];
    if (f?.family) all.add(f.family);
  }
  if (all.size <= limit.max || limit.windowDays === undefined) return all.size > limit.max;
  // Sliding window over the holders by time; records with no time are in every window.
  const timeless = new Map<string, number>();
  const timed: { t: number; family: string }[] = [];
  for (const i of holders) {
    const family = names[i]?.family;
    if (!family) continue;
    const seen = records[i]!.seenAt;
    if (seen === null) timeless.set(family, (timeless.get(family) ?? 0) + 1);
    else timed.push({ t: seen.getTime(), family });
  }
  timed.sort((a, b) => a.t - b.t);
  const inWindow = new Map(timeless);
  const width = limit.windowDays * DAY_MS;
  let from = 0;
  for (const h of timed) {
    inWindow.set(h.family, (inWindow.get(h.family) ?? 0) + 1);
    while (timed[from]!.t < h.t - width) {
      const f = timed[from++]!.family;
      const c = inWindow.get(f)! - 1;
      if (c === 0) inWindow.delete(f);
      else inWindow.set(f, c);
    }
    if (inWindow.size > limit.max) return true;
  }
  return inWindow.size > limit.max;
}

/** The per-contact limit a config sets. */
export function contactLimit(config: IdentityConfig): ContactLimit {
  return { max: config.maxFamiliesPerContact, windowDays: config.contactLimitWindowDays };
}

/** The contact index without the values over the limit. */
export function limitContacts(
  index: Map<string, number[]>,
  names: readonly (NameFeatures | null)[],
  records: readonly SourceRecord[],
  limit: ContactLimit,
): { kept: Map<string, number[]>; dropped: number } {
  const kept = new Map<string, number[]>();
  let dropped = 0;
  for (const [value, list] of index) {
    if (contactOverLimit(list, names, records, limit)) dropped++;
    else kept.set(value, list);
  }
  return { kept, dropped };
}

/**
 * Resolves records into customers: approved decisions, deterministic rules by priority, the
 * probabilistic phase, then nameless records attached where unambiguous. Pure and deterministic:
 * the same records, constraints and scores give the same clusters on any engine.
 */
export function resolve(
  records: readonly SourceRecord[],
  config: IdentityConfig,
  names: readonly (NameFeatures | null)[],
  constraints: readonly Constraint[] = [],
  scored: readonly ScoredLink[] = [],
  /** Record key (`source/source_key`) -> index; built here when the caller has none. */
  byKey: ReadonlyMap<string, number> = new Map(records.map((r, i) => [recordKey(r.source, r.sourceKey), i])),
  /**
   * Contact values over the limit (`identifier|value`) when the records are part of a larger set
   * (an incremental run): the limit counts every holder, not only these records'.
   */
  droppedContacts?: ReadonlySet<string>,
): Resolution {
  const n = records.length;
  const clusters = new Clusters(
    n,
    records.map((r) => r.nationalId),
  );
  const placement = newPlacement(n);
  const linksByRule: Record<string, number> = {};
  const count = (rule: string) => (linksByRule[rule] = (linksByRule[rule] ?? 0) + 1);

  for (const c of constraints) if (c.kind === 'cannot_link') clusters.cannotLink(c.a, c.b);
  for (const c of constraints) {
    if (c.kind === 'must_link' && link(clusters, placement, c.a, c.b, 'review')) count('review');
  }

  const blocked = new BlockList(config.blocked);
  const indexes = new Map<Identifier, Map<string, number[]>>();
  let contactsOverLimit = 0;
  const indexOf = (id: Identifier): Map<string, number[]> => {
    let idx = indexes.get(id);
    if (!idx) {
      idx = indexIdentifier(records, id, blocked);
      if (CONTACT_IDENTIFIERS.has(id) && droppedContacts) {
        for (const value of idx.keys()) {
          if (droppedContacts.has(`${id}|${value}`)) {
            idx.delete(value);
            contactsOverLimit++;
          }
        }
      } else if (CONTACT_IDENTIFIERS.has(id)) {
        const limited = limitContacts(idx, names, records, contactLimit(config));
        contactsOverLimit += limited.dropped;
        idx = limited.kept;
      }
      indexes.set(id, idx);
    }
    return idx;
  };

  for (const rule of config.rules) {
    let joined = 0;
    for (const group of indexOf(rule.identifier).values()) {
      if (group.length < 2) continue;
      const roots = new Set(group.map((i) => clusters.find(i)));
      applyRuleToGroup(rule, group, records, names, clusters, placement);
      const after = new Set(group.map((i) => clusters.find(i)));
      joined += roots.size - after.size;
    }
    if (joined > 0) linksByRule[rule.name] = (linksByRule[rule.name] ?? 0) + joined;
  }

  // A record the source itself says is the same person (a shipment and its order's receiver).
  for (let i = 0; i < n; i++) {
    const target = records[i]!.sameAs;
    const j = target === null ? undefined : byKey.get(target);
    if (
      j !== undefined &&
      clusters.find(i) !== clusters.find(j) &&
      link(clusters, placement, i, j, 'same_as_record')
    ) {
      count('same_as_record');
    }
  }

  const usedLinks: number[] = [];
  // Best pairs first, so a weaker pair never decides a conflict a stronger one would have.
  for (const l of scored) {
    if (clusters.find(l.a) === clusters.find(l.b)) continue;
    if (link(clusters, placement, l.a, l.b, 'probabilistic', l.probability)) {
      count('probabilistic');
      usedLinks.push(l.pair);
    }
  }

  const contacts = (['phone', 'email'] as const).map((identifier) => ({
    identifier,
    index: indexOf(identifier) as ContactIndex,
  }));
  const byCustomer = applyClusterContactRule(records, names, contacts, clusters, placement);
  if (byCustomer > 0) linksByRule.customer_contact_name = byCustomer;

  const attach: AttachStats = config.attachByContact
    ? attachNameless(records, names, contacts, clusters, placement, byKey)
    : { attachedByContact: 0, attachedByLink: 0, ambiguous: 0, joinedNameless: 0 };

  const labels = clusters.labels();
  const sizes = new Map<number, number>();
  for (const l of labels) sizes.set(l, (sizes.get(l) ?? 0) + 1);
  let largest = 0;
  let oversized = 0;
  for (const s of sizes.values()) {
    if (s > largest) largest = s;
    if (s > config.clusterSizeAlarm) oversized++;
  }
  return {
    labels,
    placement,
    names,
    usedLinks,
    stats: {
      records: n,
      customers: sizes.size,
      linksByRule,
      refused: { ...clusters.refusals },
      contactsOverLimit,
      attach,
      largestCustomer: largest,
      oversized,
    },
  };
}
