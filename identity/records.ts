import { createHash } from 'node:crypto';
import { sql, type Queryable } from '../warehouse/index.ts';

/** The fields of one core.source_records row that identity resolution looks at. */
export interface SourceRecord {
  readonly source: string;
  readonly sourceKey: string;
  readonly fullName: string | null;
  readonly familyName: string | null;
  readonly givenName: string | null;
  readonly birthDate: string | null;
  readonly gender: string | null;
  readonly phones: readonly string[];
  readonly emails: readonly string[];
  readonly nationalId: string | null;
  readonly insuranceId: string | null;
  readonly unionId: string | null;
  readonly openId: string | null;
  readonly platformUserId: string | null;
  readonly memberCard: string | null;
  readonly deviceId: string | null;
  readonly province: string | null;
  readonly city: string | null;
  readonly district: string | null;
  readonly address: string | null;
  /** Another record of the same person by the source's own account (an order's receiver -> its buyer). */
  readonly linkedKey: string | null;
  /**
   * A record the source says is the same person: a shipment's consignee is the receiver of the
   * order it ships (`source/source_key`).
   */
  readonly sameAs: string | null;
  readonly seenAt: Date | null;
}

interface Row {
  [k: string]: unknown;
  source: string;
  source_key: string;
  full_name: string | null;
  family_name: string | null;
  given_name: string | null;
  birth_date: string | null;
  gender: string | null;
  phone: string | null;
  phones: unknown;
  email: string | null;
  emails: unknown;
  national_id: string | null;
  insurance_id: string | null;
  union_id: string | null;
  open_id: string | null;
  platform_user_id: string | null;
  member_card: string | null;
  device_id: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  address: string | null;
  linked_key: string | null;
  same_source: string | null;
  same_key: string | null;
  seen_at: Date | null;
}

function list(primary: string | null, all: unknown): string[] {
  const out: string[] = [];
  if (primary) out.push(primary);
  if (Array.isArray(all)) {
    for (const v of all) if (typeof v === 'string' && v !== '' && !out.includes(v)) out.push(v);
  }
  return out;
}

/** Reads every source record, in (source, source_key) order so every run sees them in the same order. */
export async function readSourceRecords(db: Queryable): Promise<SourceRecord[]> {
  const { rows } = await db.query<Row>(sql`
    SELECT s.source, s.source_key, full_name, family_name, given_name, birth_date, gender,
           phone, phones, email, emails, national_id, insurance_id, union_id, open_id,
           platform_user_id, member_card, device_id, province, city, district, address,
           attributes->>'buyer_source_key' AS linked_key,
           ref.same_source, ref.same_key,
           COALESCE(source_updated_at, source_created_at, ingested_at) AS seen_at
    FROM core.source_records AS s
    LEFT JOIN (
      SELECT e.source, e.source_key, min(r.source) AS same_source, min(r.source_key) AS same_key
      FROM core.events AS e
      -- Parenthesised: DuckDB binds ->> looser than =.
      JOIN core.source_records AS r ON (r.attributes->>'order_id') = (e.attributes->>'order_ref')
      WHERE e.event_type = 'shipment' AND e.source_key IS NOT NULL
      GROUP BY e.source, e.source_key
    ) AS ref ON ref.source = s.source AND ref.source_key = s.source_key
    ORDER BY s.source, s.source_key`);
  return rows.map((r) => ({
    source: r.source,
    sourceKey: r.source_key,
    fullName: r.full_name,
    familyName: r.family_name,
    givenName: r.given_name,
    birthDate: r.birth_date,
    gender: r.gender,
    phones: list(r.phone, r.phones),
    emails: list(r.email, r.emails),
    nationalId: r.national_id,
    insuranceId: r.insurance_id,
    unionId: r.union_id,
    openId: r.open_id,
    platformUserId: r.platform_user_id,
    memberCard: r.member_card,
    deviceId: r.device_id,
    province: r.province,
    city: r.city,
    district: r.district,
    address: r.address,
    linkedKey: r.linked_key,
    sameAs: r.same_source !== null && r.same_key !== null ? recordKey(r.same_source, r.same_key) : null,
    seenAt: r.seen_at,
  }));
}

/** A hash of everything matching reads: a record whose fingerprint changed is re-resolved. */
export function fingerprint(r: SourceRecord): string {
  const { seenAt: _seen, ...fields } = r;
  return createHash('sha1').update(JSON.stringify(fields)).digest('hex').slice(0, 16);
}

/** `source/source_key`, the record's key inside identity code. */
export function recordKey(source: string, sourceKey: string): string {
  return `${source}/${sourceKey}`;
}
