/** Postgres type OIDs of the built-in types our contracts use, to name result columns. */
const NAMES: Record<number, string> = {
  16: 'boolean',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  25: 'text',
  114: 'json',
  700: 'real',
  701: 'double precision',
  1043: 'varchar',
  1082: 'date',
  1114: 'timestamp',
  1184: 'timestamptz',
  1700: 'numeric',
  3802: 'jsonb',
};

/** The type name for an OID, or `oid:N` for types we do not map (they read as text). */
export function pgTypeName(oid: number): string {
  return NAMES[oid] ?? `oid:${oid}`;
}
