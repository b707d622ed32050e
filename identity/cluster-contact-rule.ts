import { soundKey } from './sound-key.ts';
import type { NameFeatures } from './compare/index.ts';
import type { Clusters } from './clusters.ts';
import { link, type Placement } from './deterministic.ts';
import type { SourceRecord } from './records.ts';

interface Summary {
  sounds: Set<string>;
  /** Family names (pinyin) of its Han-script and of its Latin-script names. */
  hanFamilies: Set<string>;
  latinFamilies: Set<string>;
  han: boolean;
  latin: boolean;
  dates: Set<string>;
  genders: Set<string>;
}

const overlapOrEmpty = (a: Set<string>, b: Set<string>) =>
  a.size === 0 || b.size === 0 || [...a].some((v) => b.has(v));

/**
 * A Chinese name and an English one ("Emily Zhao", "Emily") behind the same contact point, when
 * nobody else holds it: the usual way one person appears in a CRM or web shop. A household
 * (parent and child share surname, phone and address) shows up as two Chinese names, or as a
 * third customer on the phone, and is left alone.
 */
function isAlias(a: Summary, b: Summary): boolean {
  const [han, latin] =
    a.han && b.latin && !b.han ? [a, b] : b.han && a.latin && !a.han ? [b, a] : [null, null];
  if (!han || !latin) return false;
  if (latin.latinFamilies.size > 0 && ![...latin.latinFamilies].some((f) => han.hanFamilies.has(f)))
    return false;
  return overlapOrEmpty(a.dates, b.dates) && overlapOrEmpty(a.genders, b.genders);
}

/**
 * The phone + name rule at customer level: two customers that hold the same phone (or email) on
 * some record and the same name on some record are one person, when their birth dates and
 * genders do not disagree. It catches a member card with a name but no phone whose receipts carry
 * the phone, against web orders with that phone and name: no single record holds both. Repeated
 * until nothing changes (each merge can enable another), in sorted value order.
 */
export function applyClusterContactRule(
  records: readonly SourceRecord[],
  names: readonly (NameFeatures | null)[],
  contacts: readonly { identifier: 'phone' | 'email'; index: ReadonlyMap<string, readonly number[]> }[],
  clusters: Clusters,
  placement: Placement,
): number {
  let joined = 0;
  for (let pass = 0; pass < 5; pass++) {
    // Only customers that share a contact point with another one need a summary.
    const n = records.length;
    const root = new Int32Array(n);
    for (let i = 0; i < n; i++) root[i] = clusters.find(i);
    const involved = new Uint8Array(n);
    for (const { index } of contacts) {
      for (const list of index.values()) {
        if (list.length < 2) continue;
        const first = root[list[0]!]!;
        if (list.some((i) => root[i] !== first)) for (const i of list) involved[root[i]!] = 1;
      }
    }
    const summaries = new Map<number, Summary>();
    for (let i = 0; i < n; i++) {
      const r = root[i]!;
      if (!involved[r]) continue;
      let s = summaries.get(r);
      if (!s) {
        s = {
          sounds: new Set(),
          hanFamilies: new Set(),
          latinFamilies: new Set(),
          han: false,
          latin: false,
          dates: new Set(),
          genders: new Set(),
        };
        summaries.set(r, s);
      }
      const f = names[i];
      if (f) {
        s.sounds.add(soundKey(f));
        if (f.script === 'latin') {
          s.latin = true;
          if (f.family) s.latinFamilies.add(f.family);
        } else {
          s.han = true;
          if (f.family) s.hanFamilies.add(f.family);
        }
      }
      const rec = records[i]!;
      if (rec.birthDate) s.dates.add(rec.birthDate);
      if (rec.gender) s.genders.add(rec.gender);
    }
    let changed = 0;
    for (const { identifier, index } of contacts) {
      for (const list of index.values()) {
        if (list.length < 2) continue;
        const roots = [...new Set(list.map((i) => clusters.find(i)))].filter(
          (r) => (summaries.get(r)?.sounds.size ?? 0) > 0,
        );
        if (roots.length < 2) continue;
        // One Chinese-named customer and only English-named others on this contact point: the
        // English names are that person's, if nothing disagrees.
        const hanRoots = roots.filter((r) => summaries.get(r)!.han);
        if (hanRoots.length === 1) {
          const h = hanRoots[0]!;
          for (const r of roots) {
            if (r === h || !isAlias(summaries.get(h)!, summaries.get(r)!)) continue;
            if (link(clusters, placement, h, r, `customer_${identifier}_alias`)) changed++;
          }
        }
        for (let x = 0; x < roots.length; x++) {
          for (let y = x + 1; y < roots.length; y++) {
            const a = summaries.get(roots[x]!)!;
            const b = summaries.get(roots[y]!)!;
            if (![...a.sounds].some((v) => b.sounds.has(v))) continue;
            if (!overlapOrEmpty(a.dates, b.dates) || !overlapOrEmpty(a.genders, b.genders)) continue;
            if (clusters.find(roots[x]!) === clusters.find(roots[y]!)) continue;
            if (link(clusters, placement, roots[x]!, roots[y]!, `customer_${identifier}_name`)) changed++;
          }
        }
      }
    }
    joined += changed;
    if (changed === 0) break;
  }
  return joined;
}
