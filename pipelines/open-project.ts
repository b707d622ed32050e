import {
  openWarehouse,
  resolveTarget,
  type MigrateResult,
  type Warehouse,
  type WarehouseTarget,
} from '../warehouse/index.ts';
import type { LoadedConfig } from './config/load.ts';

/**
 * Opens the project's warehouse: `override` (--warehouse), then CDP_WAREHOUSE, then the config's
 * warehouse.url, then the default DuckDB file under the project directory.
 */
export async function openProjectWarehouse(
  loaded: LoadedConfig,
  override?: string,
): Promise<{ warehouse: Warehouse; migrations: MigrateResult | null }> {
  return openWarehouse(projectTarget(loaded, override), {
    timezone: loaded.config.warehouse.timezone,
    memoryLimit: loaded.config.warehouse.memoryLimit,
  });
}

/** The project's warehouse target, by the same precedence as openProjectWarehouse. */
export function projectTarget(loaded: LoadedConfig, override?: string): WarehouseTarget {
  const fromCommandLine = override ?? process.env.CDP_WAREHOUSE;
  // A path given on the command line or in the environment is relative to where cdp runs; one in
  // the config file is relative to that file.
  return fromCommandLine
    ? resolveTarget(fromCommandLine, process.cwd())
    : resolveTarget(loaded.config.warehouse.url, loaded.baseDir);
}
