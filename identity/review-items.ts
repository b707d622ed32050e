import type { IdentityConfig } from './config.ts';
import { explainPair } from './fellegi-sunter/index.ts';
import type { ScoredPairs } from './probabilistic.ts';
import type { SourceRecord } from './records.ts';

/** One uncertain pair for identity.review_queue. */
export interface ReviewItem {
  readonly a: SourceRecord;
  readonly b: SourceRecord;
  readonly probability: number;
  readonly weight: number;
  /** Each comparison: its level, both values and the weight it contributed. */
  readonly evidence: {
    comparison: string;
    level: string;
    weight: number;
    a: string | null;
    b: string | null;
  }[];
}

function shown(r: SourceRecord, comparison: string): string | null {
  switch (comparison) {
    case 'name':
      return r.fullName;
    case 'birth_date':
      return r.birthDate;
    case 'address':
      return [r.province, r.city, r.district, r.address].filter(Boolean).join(' ') || null;
    case 'phone':
      return r.phones.join(', ') || null;
    case 'email':
      return r.emails.join(', ') || null;
    case 'gender':
      return r.gender;
    default:
      return null;
  }
}

/**
 * Pairs in the review band whose records did not end up in one customer anyway and that no
 * person has decided yet (a decision is a constraint, kept by every later run).
 */
export function reviewItems(
  records: readonly SourceRecord[],
  scored: ScoredPairs,
  labels: Int32Array,
  config: IdentityConfig['probabilistic'],
  decided: readonly { a: string; b: string }[],
  keys: readonly string[],
): ReviewItem[] {
  const done = new Set<string>();
  for (const d of decided) {
    done.add(`${d.a}\u0000${d.b}`);
    done.add(`${d.b}\u0000${d.a}`);
  }
  const items: { k: number; probability: number }[] = [];
  for (let k = 0; k < scored.a.length; k++) {
    const probability = scored.probability[k]!;
    if (probability < config.reviewThreshold) continue;
    const a = scored.a[k]!;
    const b = scored.b[k]!;
    if (labels[a] === labels[b] || done.has(`${keys[a]}\u0000${keys[b]}`)) continue;
    items.push({ k, probability });
  }
  items.sort((x, y) => y.probability - x.probability || x.k - y.k);
  return items.map(({ k, probability }) => {
    const a = records[scored.a[k]!]!;
    const b = records[scored.b[k]!]!;
    return {
      a,
      b,
      probability,
      weight: scored.weight[k]!,
      evidence: explainPair(scored.params, scored.gamma, k, scored.tf).map((e) => ({
        ...e,
        a: shown(a, e.comparison),
        b: shown(b, e.comparison),
      })),
    };
  });
}
