import { currentContract, type ColumnDef, type TableDef } from '../../warehouse/index.ts';
import type { CanonicalTable } from '../connector.ts';

/** How ingest writes one canonical table. */
export interface TableSpec {
  readonly table: string;
  readonly columns: readonly ColumnDef[];
  readonly key: readonly string[];
  /** A newer value here replaces the stored row; without one, any change does. */
  readonly version?: string;
  /** Columns ingest never overwrites on an existing row (identity resolution owns them). */
  readonly keep: readonly string[];
  /** Columns ingest fills itself and that do not count as a change. */
  readonly bookkeeping: readonly string[];
  /** Columns an update never sets to null when a value is stored. */
  readonly sticky: readonly string[];
}

const VERSIONS: Partial<Record<CanonicalTable, string>> = {
  source_records: 'source_updated_at',
  opportunities: 'updated_at',
  consents: 'occurred_at',
  events: 'updated_at',
};

// Identifiers a newer copy of a record may simply not carry (an order names its buyer's UnionID on
// some orders only): an update keeps the stored value rather than erase a known identifier.
const STICKY: Partial<Record<CanonicalTable, readonly string[]>> = {
  source_records: [
    'phone',
    'email',
    'national_id',
    'insurance_id',
    'union_id',
    'open_id',
    'platform_user_id',
    'member_card',
    'device_id',
    'birth_date',
    'gender',
    'full_name',
  ],
};

/** The write spec of a canonical table, from the warehouse contract. */
export function tableSpec(name: CanonicalTable): TableSpec {
  const def: TableDef | undefined = currentContract().find((t) => t.name === `core.${name}`);
  if (!def?.primaryKey) throw new Error(`core.${name} is not in the warehouse contract`);
  const version = VERSIONS[name];
  return {
    table: def.name,
    columns: def.columns,
    key: def.primaryKey,
    ...(version ? { version } : {}),
    keep: def.columns.some((c) => c.name === 'customer_id') ? ['customer_id'] : [],
    bookkeeping: ['ingested_at', 'file_id'],
    sticky: STICKY[name] ?? [],
  };
}
