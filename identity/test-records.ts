import { sql, type Warehouse } from '../warehouse/index.ts';

/** A source record as tests write it; unset fields are null. */
export interface Rec {
  source: string;
  key: string;
  name?: string;
  phone?: string;
  email?: string;
  nid?: string;
  card?: string;
  union?: string;
  birth?: string;
  city?: string;
  address?: string;
  buyer?: string;
  at?: string;
}

const COLS = [
  ['source', 'text'],
  ['source_key', 'text'],
  ['full_name', 'text'],
  ['phone', 'text'],
  ['email', 'text'],
  ['national_id', 'text'],
  ['member_card', 'text'],
  ['union_id', 'text'],
  ['birth_date', 'date'],
  ['city', 'text'],
  ['address', 'text'],
  ['attributes', 'json'],
  ['source_updated_at', 'timestamptz'],
  ['ingested_at', 'timestamptz'],
] as const;

/** Writes records into core.source_records. */
export async function insertRecords(wh: Warehouse, recs: Rec[]): Promise<void> {
  await wh.load(
    'core.source_records',
    COLS.map(([name, type]) => ({ name, type })),
    [
      recs.map((r) => [
        r.source,
        r.key,
        r.name ?? null,
        r.phone ?? null,
        r.email ?? null,
        r.nid ?? null,
        r.card ?? null,
        r.union ?? null,
        r.birth ?? null,
        r.city ?? null,
        r.address ?? null,
        r.buyer ? { buyer_source_key: r.buyer } : null,
        r.at ? new Date(r.at) : null,
        new Date('2025-06-01T00:00:00Z'),
      ]),
    ],
  );
}

/** source_key -> customer_id after the last run. */
export async function placements(wh: Warehouse): Promise<Map<string, string>> {
  const { rows } = await wh.query<{ source_key: string; customer_id: string }>(
    sql`SELECT source_key, customer_id FROM identity.records ORDER BY source_key`,
  );
  return new Map(rows.map((r) => [r.source_key, r.customer_id]));
}

/** The partition as sorted groups of keys, independent of the IDs. */
export function groups(p: Map<string, string>): string[][] {
  const by = new Map<string, string[]>();
  for (const [k, c] of p) by.set(c, [...(by.get(c) ?? []), k]);
  return [...by.values()].map((g) => g.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}
