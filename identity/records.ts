import { sql, type Dialect, type Queryable } from '../warehouse/index.ts';
import { readPackedRows } from './packed-rows.ts';

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
  /** Hash of the fields matching reads (not seenAt): a record whose fingerprint changed is re-resolved. */
  readonly fingerprint: string;
}

// Column order of the packed text each record is read as.
const FIELDS = [
  's.source',
  's.source_key',
  'full_name',
  'family_name',
  'given_name',
  'birth_date',
  'gender',
  'phone',
  'phones',
  'email',
  'emails',
  'national_id',
  'insurance_id',
  'union_id',
  'open_id',
  'platform_user_id',
  'member_card',
  'device_id',
  'province',
  'city',
  'district',
  'address',
  "(attributes->>'buyer_source_key')",
  'ref.same_source',
  'ref.same_key',
] as const;
const NULL = '\u001e';
const SEP = '\u001f';

function list(primary: string | null, json: string | null): string[] {
  const out: string[] = [];
  if (primary) out.push(primary);
  if (json !== null && json !== '[]' && json !== `["${primary}"]`) {
    const all: unknown = JSON.parse(json);
    if (Array.isArray(all)) {
      for (const v of all) if (typeof v === 'string' && v !== '' && !out.includes(v)) out.push(v);
    }
  }
  return out;
}

/**
 * Reads every source record, in (source, source_key) order so every run sees them in the same
 * order. Each record is one text of its fields joined by U+001F (U+001E for NULL), read in texts
 * of many records (packed-rows.ts): the driver's per-value conversion, not the query, was the cost
 * (1M records, 10 text columns: 6.4 s as columns, 0.7 s for the query itself).
 */
export async function readSourceRecords(db: Queryable, dialect: Dialect): Promise<SourceRecord[]> {
  const packed = [
    ...FIELDS.map((f) => `COALESCE(CAST(${f} AS VARCHAR), chr(30))`),
    `COALESCE(CAST(${dialect.epochMillis('COALESCE(source_updated_at, source_created_at, ingested_at)')} AS VARCHAR), chr(30))`,
  ].join(' || chr(31) || ');
  const rows = await readPackedRows(
    db,
    sql`
    SELECT ${sql.__dangerous__rawValue(packed)} AS r
    FROM core.source_records AS s
    LEFT JOIN (
      SELECT e.source, e.source_key, min(r.source) AS same_source, min(r.source_key) AS same_key
      FROM core.events AS e
      -- Parenthesised: DuckDB binds ->> looser than =.
      JOIN core.source_records AS r ON (r.attributes->>'order_id') = (e.attributes->>'order_ref')
      WHERE e.event_type = 'shipment' AND e.source_key IS NOT NULL
      GROUP BY e.source, e.source_key
    ) AS ref ON ref.source = s.source AND ref.source_key = s.source_key`,
  );
  // Sorted here, not by the engine: Postgres orders text by its collation, DuckDB by bytes; JS
  // order is the same everywhere, and record order decides founders and so minted IDs.
  const records = rows.map((text): SourceRecord => {
    const f = text.split(SEP).map((v) => (v === NULL ? null : v));
    // Connectors replace control characters (connectors/load/batch-writer.ts); a row written
    // around them that holds one of the separators would be misread, so it stops the run.
    if (f.length !== FIELDS.length + 1) throw new SeparatorInRecordError(text);
    const [source, sourceKey, fullName, familyName, givenName, birthDate, gender, phone, phones] = f;
    const [email, emails, nationalId, insuranceId, unionId, openId, platformUserId] = f.slice(9);
    const [memberCard, deviceId, province, city, district, address, linkedKey] = f.slice(16);
    const [sameSource, sameKey, seen] = f.slice(23);
    const phoneList = list(phone ?? null, phones ?? null);
    const emailList = list(email ?? null, emails ?? null);
    // Engine-neutral: the JSON lists as parsed (Postgres prints jsonb with spaces), no timestamp.
    f[8] = phoneList.join(',');
    f[10] = emailList.join(',');
    const fp = hash53(f.slice(0, 25).join(SEP));
    return {
      source: source!,
      sourceKey: sourceKey!,
      fullName: fullName ?? null,
      familyName: familyName ?? null,
      givenName: givenName ?? null,
      birthDate: birthDate ?? null,
      gender: gender ?? null,
      phones: phoneList,
      emails: emailList,
      nationalId: nationalId ?? null,
      insuranceId: insuranceId ?? null,
      unionId: unionId ?? null,
      openId: openId ?? null,
      platformUserId: platformUserId ?? null,
      memberCard: memberCard ?? null,
      deviceId: deviceId ?? null,
      province: province ?? null,
      city: city ?? null,
      district: district ?? null,
      address: address ?? null,
      linkedKey: linkedKey ?? null,
      sameAs: sameSource && sameKey ? recordKey(sameSource, sameKey) : null,
      seenAt: seen ? new Date(Number(seen)) : null,
      fingerprint: fp,
    };
  });
  return records.sort((a, b) =>
    a.source !== b.source
      ? a.source < b.source
        ? -1
        : 1
      : a.sourceKey < b.sourceKey
        ? -1
        : a.sourceKey > b.sourceKey
          ? 1
          : 0,
  );
}

/**
 * cyrb53, a fast 53-bit string hash: fingerprints only detect that one record's fields changed
 * between runs, where sha1 per record cost seconds at a million records.
 */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * The fields of a record matching reads, as stored in identity.records.snapshot: a later run
 * rebuilds the version it placed from it when the record changes or goes, to find what that
 * version was linked to (incremental.ts). A JSON array, without the source and key (the row has
 * them) or the fingerprint.
 */
export function packSnapshot(r: SourceRecord): string {
  return JSON.stringify([
    r.fullName,
    r.familyName,
    r.givenName,
    r.birthDate,
    r.gender,
    r.phones,
    r.emails,
    r.nationalId,
    r.insuranceId,
    r.unionId,
    r.openId,
    r.platformUserId,
    r.memberCard,
    r.deviceId,
    r.province,
    r.city,
    r.district,
    r.address,
    r.linkedKey,
    r.sameAs,
    r.seenAt?.getTime() ?? null,
  ]);
}

/** The record packSnapshot stored, or null if the text is not a snapshot of this format. */
export function unpackSnapshot(source: string, sourceKey: string, text: string): SourceRecord | null {
  const f: unknown = JSON.parse(text);
  if (!Array.isArray(f) || f.length !== 21) return null;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    source,
    sourceKey,
    fullName: str(f[0]),
    familyName: str(f[1]),
    givenName: str(f[2]),
    birthDate: str(f[3]),
    gender: str(f[4]),
    phones: strs(f[5]),
    emails: strs(f[6]),
    nationalId: str(f[7]),
    insuranceId: str(f[8]),
    unionId: str(f[9]),
    openId: str(f[10]),
    platformUserId: str(f[11]),
    memberCard: str(f[12]),
    deviceId: str(f[13]),
    province: str(f[14]),
    city: str(f[15]),
    district: str(f[16]),
    address: str(f[17]),
    linkedKey: str(f[18]),
    sameAs: str(f[19]),
    seenAt: typeof f[20] === 'number' ? new Date(f[20]) : null,
    fingerprint: '',
  };
}

/** A core.source_records value holds U+001D, U+001E or U+001F, which the packed read uses. */
export class SeparatorInRecordError extends Error {
  constructor(text: string) {
    const [source, key] = text.split(SEP);
    super(
      `core.source_records row ${JSON.stringify(`${source}/${key}`)} (or one read with it) holds a control ` +
        'character U+001D, U+001E or U+001F, which identity resolution cannot read. Rows loaded by cdp ingest ' +
        'never hold one (control characters become spaces): fix the job that wrote the row, e.g. ' +
        "UPDATE core.source_records SET full_name = regexp_replace(full_name, '[\\x1d-\\x1f]', ' ', 'g')",
    );
    this.name = 'SeparatorInRecordError';
  }
}

/** `source/source_key`, the record's key inside identity code. */
export function recordKey(source: string, sourceKey: string): string {
  return `${source}/${sourceKey}`;
}
