import { openDuckDB } from './duckdb/adapter.ts';
import { openPostgres } from './postgres/adapter.ts';
import { migrate, type MigrateResult } from './schema/migrate.ts';
import type { WarehouseTarget } from './target.ts';
import type { Warehouse } from './warehouse.ts';

/** Options for opening a warehouse. */
export interface OpenOptions {
  /** Session time zone for both engines (IANA name). */
  readonly timezone?: string;
  /** DuckDB only: the engine's memory cap, e.g. '1GB' (beyond it, work spills to disk). */
  readonly memoryLimit?: string;
  /** Apply pending migrations on open (the default). */
  readonly migrate?: boolean;
}

/** Opens a warehouse and brings its schema up to date; `migrations` tells what was applied. */
export async function openWarehouse(
  target: WarehouseTarget,
  opts: OpenOptions = {},
): Promise<{ warehouse: Warehouse; migrations: MigrateResult | null }> {
  const timezone = opts.timezone ?? 'UTC';
  const warehouse =
    target.engine === 'duckdb'
      ? await openDuckDB(target.path, {
          timezone,
          ...(opts.memoryLimit ? { memoryLimit: opts.memoryLimit } : {}),
        })
      : await openPostgres(target.url, { timezone });
  try {
    const migrations = opts.migrate === false ? null : await migrate(warehouse);
    return { warehouse, migrations };
  } catch (err) {
    await warehouse.close().catch(() => undefined);
    throw err;
  }
}
