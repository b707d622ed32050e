// The warehouse layer's public face. Other folders import from here only.
export type { Warehouse, Queryable, QueryResult, ResultColumn, Row, LinesInput } from './warehouse.ts';
export { sqlString, type Dialect } from './dialect.ts';
export type { ColumnCompression, ColumnDef, LogicalType } from './column-types.ts';
export { sql, quoteIdent, quoteTable, type SQLQuery } from './sql.ts';
export {
  WarehouseError,
  WarehouseTargetError,
  WarehouseConnectionError,
  WarehouseQueryError,
  MigrationError,
  causeMessage,
} from './errors.ts';
export { resolveTarget, DEFAULT_DUCKDB_PATH, type WarehouseTarget } from './target.ts';
export { openWarehouse, type OpenOptions } from './open.ts';
export { migrate, migrationChecksum, type MigrateResult } from './schema/migrate.ts';
export { MIGRATIONS } from './schema/migrations/index.ts';
export { currentContract } from './schema/contract.ts';
export { col, req, type TableDef, type Migration, type MigrationStep } from './schema/table-def.ts';
export { resultToArrow, arrowToIpcStream, arrowFromIpc, arrowRows } from './arrow.ts';
export { copyTable, readArrowBatches, tableColumns } from './copy-table.ts';
export { redactUrl } from './postgres/adapter.ts';
export { renderContractMarkdown } from './schema/contract-doc.ts';
export {
  acquireLock,
  describeHolder,
  WarehouseLockedError,
  type HeldLock,
  type LockHolder,
  type LockOptions,
} from './lock.ts';
