import { isAbsolute, resolve } from 'node:path';
import { WarehouseTargetError } from './errors.ts';

/** Where a warehouse lives, resolved once from the setting. */
export type WarehouseTarget =
  | { readonly engine: 'duckdb'; readonly path: string }
  | { readonly engine: 'postgres'; readonly url: string };

export const DEFAULT_DUCKDB_PATH = '.cdp/warehouse.duckdb';

/**
 * Resolves the warehouse setting: a `postgres://` / `postgresql://` URL, `:memory:`, or a DuckDB
 * file path (relative paths against `baseDir`). Any other URL scheme is an error.
 */
export function resolveTarget(setting: string | undefined, baseDir: string): WarehouseTarget {
  const value = (setting ?? '').trim() || DEFAULT_DUCKDB_PATH;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return { engine: 'postgres', url: value };
  if (scheme === 'duckdb') return duck(value.slice('duckdb://'.length), baseDir);
  if (scheme) {
    throw new WarehouseTargetError(
      value,
      `unknown warehouse URL scheme '${scheme}://' in '${value}': use a DuckDB file path (e.g. ${DEFAULT_DUCKDB_PATH}), ':memory:', or postgres://user:password@host:5432/db`,
    );
  }
  return duck(value, baseDir);
}

function duck(path: string, baseDir: string): WarehouseTarget {
  if (path === ':memory:') return { engine: 'duckdb', path };
  return { engine: 'duckdb', path: isAbsolute(path) ? path : resolve(baseDir, path) };
}
