import { soundKey } from './sound-key.ts';
import { compareNames, NAME_LEVELS, type NameFeatures } from './compare/index.ts';
import type { Rule } from './config.ts';
import type { Clusters } from './clusters.ts';
import type { SourceRecord } from './records.ts';

const SAME_SOUND = NAME_LEVELS.indexOf('same_sound');
const EXACT = NAME_LEVELS.length - 1;

/** Per-record outcome of the phases: which rule first joined the record to another, and how sure. */
export interface Placement {
  readonly rule: (string | null)[];
  readonly confidence: Float64Array;
}

export function newPlacement(n: number): Placement {
  return { rule: new Array<string | null>(n).fill(null), confidence: new Float64Array(n).fill(1) };
}

/** Unions a and b and, if it took, notes the rule on both records that had none yet. */
export function link(
  clusters: Clusters,
  placement: Placement,
  a: number,
  b: number,
  rule: string,
  confidence = 1,
): boolean {
  if (!clusters.union(a, b)) return false;
  for (const i of [a, b]) {
    if (placement.rule[i] === null) {
      placement.rule[i] = rule;
      placement.confidence[i] = confidence;
    }
  }
  return true;
}

/** A key equal for names a rule treats as the same: the normalised form, or the pinyin syllables in any order. */
function nameKey(f: NameFeatures, mode: Rule['nameMatch']): string {
  return mode === 'exact' ? f.norm : soundKey(f);
}

/**
 * Applies one rule to the records sharing one identifier value. Without name or birth-date
 * conditions every record of the group is linked. With them, records are bucketed by name key;
 * a bucket whose records carry two different birth dates links only the records of each date,
 * so an undated record cannot chain two dated people together.
 */
export function applyRuleToGroup(
  rule: Rule,
  group: readonly number[],
  records: readonly SourceRecord[],
  names: readonly (NameFeatures | null)[],
  clusters: Clusters,
  placement: Placement,
): void {
  if (rule.nameMatch === 'none' && rule.birthDate === 'ignore') {
    for (let k = 1; k < group.length; k++) link(clusters, placement, group[0]!, group[k]!, rule.name);
    return;
  }
  const buckets = new Map<string, number[]>();
  for (const i of group) {
    const f = names[i];
    if (rule.nameMatch !== 'none' && !f) continue;
    const key = f && rule.nameMatch !== 'none' ? nameKey(f, rule.nameMatch) : '';
    const b = buckets.get(key);
    if (b) b.push(i);
    else buckets.set(key, [i]);
  }
  const reps: { rep: number; dates: Set<string> }[] = [];
  for (const members of buckets.values()) {
    const dates = new Set<string>();
    if (rule.birthDate === 'exact_if_present') {
      for (const i of members) if (records[i]!.birthDate) dates.add(records[i]!.birthDate!);
    }
    if (dates.size <= 1) {
      for (let k = 1; k < members.length; k++) link(clusters, placement, members[0]!, members[k]!, rule.name);
      reps.push({ rep: members[0]!, dates });
    } else {
      const byDate = new Map<string, number>();
      for (const i of members) {
        const d = records[i]!.birthDate;
        if (!d) continue;
        const first = byDate.get(d);
        if (first === undefined) byDate.set(d, i);
        else link(clusters, placement, first, i, rule.name);
      }
    }
  }
  if (rule.nameMatch === 'none' || reps.length < 2) return;
  // Different keys can still be one name ('zhangwei' written as one word, a look-alike character).
  const need = rule.nameMatch === 'exact' ? EXACT : SAME_SOUND;
  for (let x = 0; x < reps.length; x++) {
    for (let y = x + 1; y < reps.length; y++) {
      const a = reps[x]!;
      const b = reps[y]!;
      if (a.dates.size === 1 && b.dates.size === 1 && [...a.dates][0] !== [...b.dates][0]) continue;
      if (compareNames(names[a.rep]!, names[b.rep]!) >= need) {
        link(clusters, placement, a.rep, b.rep, rule.name);
      }
    }
  }
}
