import { afterEach, expect } from 'vitest';
import type { Warehouse } from '../warehouse/index.ts';
import { freshWarehouse, hasPostgres, type Engine } from './engines.ts';

/**
 * For a describe block on one engine: returns `open(label)`, which gives each test a fresh,
 * migrated warehouse, closed after the test. Fails (never skips) without the harness's Postgres.
 */
export function warehousePerTest(engine: Engine, timezone?: string): (label: string) => Promise<Warehouse> {
  let wh: Warehouse | undefined;
  afterEach(async () => {
    await wh?.close();
    wh = undefined;
  });
  return async (label) => {
    if (engine === 'postgres' && !hasPostgres()) expect.fail('no PostgreSQL server from the harness');
    wh = await freshWarehouse(engine, label, timezone);
    return wh;
  };
}
