import type { SourceRecord } from './records.ts';

/** core.customers row before the ID's created_at is known. */
export interface GoldenRecord {
  readonly customerId: string;
  readonly fullName: string | null;
  readonly gender: string | null;
  readonly birthDate: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly nationalId: string | null;
  readonly province: string | null;
  readonly city: string | null;
  readonly address: string | null;
  readonly sourceCount: number;
  readonly firstSeenAt: Date | null;
  readonly lastSeenAt: Date | null;
  readonly sources: string[];
  readonly phones: string[];
  readonly emails: string[];
  readonly unionIds: string[];
  readonly memberCards: string[];
}

/** Sources in the order their fields are trusted when they disagree (unlisted sources come after, by name). */
export const DEFAULT_SOURCE_TRUST = [
  'his',
  'crm',
  'pos',
  'miniprogram',
  'ecommerce',
  'tickets',
  'wms',
  'consents',
];

function completeness(r: SourceRecord): number {
  let n = 0;
  for (const v of [r.fullName, r.birthDate, r.gender, r.nationalId, r.address, r.city]) if (v) n++;
  return n + (r.phones.length > 0 ? 1 : 0) + (r.emails.length > 0 ? 1 : 0);
}

const sortedSet = (values: Iterable<string | null | undefined>): string[] =>
  [...new Set([...values].filter((v): v is string => !!v))].sort();

/**
 * Survivorship: each golden field comes from the most trusted source holding it, then the most
 * recently seen record, then the most complete one (then the record key, so it is deterministic).
 * The address fields come together from one record so a city never pairs with another's street.
 */
export function goldenRecord(
  customerId: string,
  members: readonly SourceRecord[],
  trust: readonly string[] = DEFAULT_SOURCE_TRUST,
): GoldenRecord {
  const rank = (s: string) => {
    const i = trust.indexOf(s);
    return i === -1 ? trust.length : i;
  };
  const ordered = [...members].sort(
    (a, b) =>
      rank(a.source) - rank(b.source) ||
      (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) ||
      (b.seenAt?.getTime() ?? 0) - (a.seenAt?.getTime() ?? 0) ||
      completeness(b) - completeness(a) ||
      (a.sourceKey < b.sourceKey ? -1 : 1),
  );
  const first = <T>(get: (r: SourceRecord) => T | null | undefined): T | null => {
    for (const r of ordered) {
      const v = get(r);
      if (v !== null && v !== undefined) return v;
    }
    return null;
  };
  const addressOf = ordered.find((r) => r.address || r.city) ?? null;
  const seen = members.map((r) => r.seenAt?.getTime()).filter((t): t is number => t !== undefined);
  return {
    customerId,
    fullName: first((r) => r.fullName),
    gender: first((r) => r.gender),
    birthDate: first((r) => r.birthDate),
    phone: first((r) => r.phones[0]),
    email: first((r) => r.emails[0]),
    nationalId: first((r) => r.nationalId),
    province: addressOf?.province ?? null,
    city: addressOf?.city ?? null,
    address: addressOf?.address ?? null,
    sourceCount: members.length,
    firstSeenAt: seen.length ? new Date(Math.min(...seen)) : null,
    lastSeenAt: seen.length ? new Date(Math.max(...seen)) : null,
    sources: sortedSet(members.map((r) => r.source)),
    phones: sortedSet(members.flatMap((r) => r.phones)),
    emails: sortedSet(members.flatMap((r) => r.emails)),
    unionIds: sortedSet(members.map((r) => r.unionId)),
    memberCards: sortedSet(members.map((r) => r.memberCard)),
  };
}
