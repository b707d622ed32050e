import { createHash } from 'node:crypto';
import { MigrationError } from '../errors.ts';
import { sql } from '../sql.ts';
import type { Warehouse } from '../warehouse.ts';
import { applyStep } from './apply-step.ts';
import { createTableSql, stepSql } from './ddl.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { req, type Migration, type TableDef } from './table-def.ts';

export const MIGRATIONS_TABLE: TableDef = {
  name: 'ops.migrations',
  grain: 'One applied schema migration.',
  description: 'Which versions of the warehouse contract are applied; written by cdp itself.',
  primaryKey: ['version'],
  columns: [
    req('version', 'integer', 'Migration version.'),
    req('name', 'text', 'What it does.'),
    req('checksum', 'text', 'SHA-256 of its steps, to detect an edited migration.'),
    req('applied_at', 'timestamptz', 'When it was applied.'),
  ],
};

/** Result of bringing a warehouse up to date. */
export interface MigrateResult {
  readonly applied: readonly { version: number; name: string }[];
  readonly current: number;
}

/**
 * The checksum recorded for a migration: over what reaches the engine (names, types, keys, SQL),
 * not descriptions, so documentation can be improved without invalidating applied migrations.
 */
export function migrationChecksum(m: Migration): string {
  const ddl = JSON.stringify(m.steps, (key, value: unknown) =>
    key === 'description' || key === 'grain' ? undefined : value,
  );
  return createHash('sha256').update(ddl).digest('hex');
}

// Postgres: one advisory lock key for migrations, so concurrent cdp processes apply them once.
// DuckDB needs none: one process holds the file for writing.
const PG_MIGRATION_LOCK = 4_242_001;

/**
 * Applies every pending migration, each in its own transaction with its ops.migrations row, so a
 * failing migration leaves nothing half-applied. Refuses to run over an edited applied migration.
 */
export async function migrate(
  wh: Warehouse,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrateResult> {
  await wh.exec(`CREATE SCHEMA IF NOT EXISTS ops;\n${createTableSql(wh.dialect, MIGRATIONS_TABLE, true)}`);
  const applied: { version: number; name: string }[] = [];
  // The contract as the migrations so far leave it: a step may render from a table's columns.
  const tables = new Map<string, TableDef>();
  for (const m of migrations) {
    const before = new Map(tables);
    for (const step of m.steps) applyStep(tables, step);
    const done = await wh.transaction(async (tx) => {
      if (wh.engine === 'postgres') await tx.query(sql`SELECT pg_advisory_xact_lock(${PG_MIGRATION_LOCK})`);
      const { rows } = await tx.query<{ checksum: string }>(
        sql`SELECT checksum FROM ops.migrations WHERE version = ${m.version}`,
      );
      const checksum = migrationChecksum(m);
      if (rows[0]) {
        if (rows[0].checksum !== checksum) {
          throw new MigrationError(m.version, m.name, {
            cause: new Error(
              'it was changed after it was applied; restore it and add a new migration for the change',
            ),
          });
        }
        return false;
      }
      try {
        for (const step of m.steps) {
          for (const stmt of stepSql(wh.dialect, step, (name) => before.get(name))) await tx.exec(stmt);
          applyStep(before, step);
        }
        await tx.query(
          sql`INSERT INTO ops.migrations (version, name, checksum, applied_at) VALUES (${m.version}, ${m.name}, ${checksum}, ${new Date()})`,
        );
      } catch (err) {
        throw new MigrationError(m.version, m.name, { cause: err });
      }
      return true;
    });
    if (done) applied.push({ version: m.version, name: m.name });
  }
  return { applied, current: migrations.at(-1)?.version ?? 0 };
}
