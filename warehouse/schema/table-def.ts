import type { ColumnCompression, ColumnDef } from '../column-types.ts';

/** A warehouse table as BI users see it: the contract documented in docs/warehouse.md. */
export interface TableDef {
  /** Schema-qualified name, e.g. `core.orders`. */
  readonly name: string;
  /** What one row is. */
  readonly grain: string;
  readonly description: string;
  readonly columns: readonly ColumnDef[];
  readonly primaryKey?: readonly string[];
  /**
   * 'postgres': the key is unique by construction and only Postgres gets the PRIMARY KEY. For big
   * tables replaced a partition at a time: DuckDB's ART index makes every insert pay, and a
   * delete followed by re-inserting the same keys in one transaction crawls (10M lines' tags:
   * 14 s to insert, 199 s to replace).
   */
  readonly keyIndex?: 'all' | 'postgres';
}

/** One step of a migration, rendered per dialect. */
export type MigrationStep =
  | { readonly kind: 'createSchema'; readonly schema: string }
  | { readonly kind: 'createTable'; readonly table: TableDef }
  | { readonly kind: 'addColumn'; readonly table: string; readonly column: ColumnDef }
  | {
      // Changes TableDef.keyIndex; DuckDB cannot drop or add a primary key in place, so it rebuilds
      // the table (same rows and columns). Postgres keeps its key either way and does nothing.
      readonly kind: 'setKeyIndex';
      readonly table: string;
      readonly keyIndex: 'all' | 'postgres';
    }
  | {
      // Sets columns' DuckDB storage hints (ColumnDef.compression; 'auto' removes one). DuckDB
      // cannot change a column's compression in place, so it rebuilds the table (same rows,
      // columns and key index). Postgres has no such hint and does nothing.
      readonly kind: 'setCompression';
      readonly table: string;
      readonly columns: Readonly<Record<string, ColumnCompression | 'auto'>>;
    }
  | {
      // Replaces a column in place (same position): its values become `using`, an SQL expression
      // of the old column per dialect, and it takes the new definition's name, type and storage
      // hint (DuckDB rebuilds the table when the hint changes).
      readonly kind: 'replaceColumn';
      readonly table: string;
      readonly column: string;
      readonly with: ColumnDef;
      readonly using: { readonly duckdb: string; readonly postgres: string };
    }
  | {
      // The contract's words for a table (docs/warehouse.md); nothing reaches the engine.
      readonly kind: 'describeTable';
      readonly table: string;
      readonly description: string;
    }
  | { readonly kind: 'sql'; readonly duckdb: string; readonly postgres: string };

/** A versioned schema change; applied once, in one transaction, recorded in ops.migrations. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly steps: readonly MigrationStep[];
}

/** Shorthand for a column definition. */
export function col(
  name: string,
  type: ColumnDef['type'],
  description: string,
  opts: { nullable?: boolean } = {},
): ColumnDef {
  return { name, type, description, nullable: opts.nullable ?? true };
}

/** Shorthand for a NOT NULL column. */
export function req(name: string, type: ColumnDef['type'], description: string): ColumnDef {
  return col(name, type, description, { nullable: false });
}
