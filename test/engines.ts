import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createTestDatabase } from './harness/postgres.ts';
import { openWarehouse, type Warehouse, type WarehouseTarget } from '../warehouse/index.ts';

/** The engines every integration case runs on, the way Kysely loops over its dialects. */
export const ENGINES = ['duckdb', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

let seq = 0;

/**
 * A fresh, empty target for one test: a DuckDB file in a new temp dir, or a new database on the
 * harness's PostgreSQL server. Throws if Postgres was skipped (CDP_TEST_SKIP_PG=1).
 */
export async function freshTarget(engine: Engine, label: string): Promise<WarehouseTarget> {
  if (engine === 'duckdb') {
    return { engine, path: join(mkdtempSync(join(tmpdir(), 'cdp-test-')), 'warehouse.duckdb') };
  }
  const base = inject('pgUrl');
  if (!base) throw new Error('PostgreSQL tests need the harness server (unset CDP_TEST_SKIP_PG)');
  const name = `t_${label.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}_${process.pid}_${++seq}`.slice(0, 63);
  return { engine, url: await createTestDatabase(base, name) };
}

/** Opens a fresh migrated warehouse on an engine. */
export async function freshWarehouse(engine: Engine, label: string, timezone = 'UTC'): Promise<Warehouse> {
  const { warehouse } = await openWarehouse(await freshTarget(engine, label), { timezone });
  return warehouse;
}

/** Whether the harness provided a PostgreSQL server. */
export function hasPostgres(): boolean {
  return Boolean(inject('pgUrl'));
}
