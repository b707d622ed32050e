import type { ColumnCompression } from '../../column-types.ts';
import type { Migration } from '../table-def.ts';
import { FEEDS } from './0002-raw-feeds.ts';
import { EQUIPMENT_FEEDS } from './0013-equipment-feeds.ts';

const D = 'dictionary';
const F = 'fsst';

// Few distinct values (one per file, or a short list) -> dictionary; identifiers and JSON that
// (nearly) every row fills -> FSST. Columns often null (customer_id until identity resolution, the
// identifiers only some sources have, source_records.attributes, null for POS members) stay
// automatic: a forced FSST segment of nulls takes 3-4 times the space of what DuckDB picks. So do
// columns where neither hint wrote faster without growing the file (core.events.source_key,
// core.consents.identifier_value), measured by writing each column alone.
const HINTS: Record<string, Record<string, ColumnCompression>> = {
  ...Object.fromEntries(
    [...FEEDS, ...EQUIPMENT_FEEDS].map(([name]) => [`raw.${name}`, { source: D, checksum: D, raw: F }]),
  ),
  'core.order_lines': { source: D, order_id: F, sku: D, product_name: D, category: D, file_id: D },
  'core.orders': {
    source: D,
    order_id: F,
    source_key: F,
    channel: D,
    store_code: D,
    status: D,
    currency: D,
    payment_method: D,
    fulfilment: D,
    attributes: F,
    file_id: D,
  },
  'core.events': {
    source: D,
    event_id: F,
    event_type: D,
    account_code: D,
    channel: D,
    status: D,
    attributes: F,
    file_id: D,
  },
  'core.consents': {
    source: D,
    consent_id: F,
    identifier_type: D,
    purpose: D,
    channel: D,
    status: D,
    policy_version: D,
    file_id: D,
  },
  'core.source_records': {
    source: D,
    source_key: F,
    gender: D,
    province: D,
    city: D,
    district: D,
    store_code: D,
    file_id: D,
  },
};

/**
 * DuckDB storage hints on the tables ingest fills (ColumnDef.compression): left to choose, DuckDB
 * analyses every compression for each segment it writes, about 0.2 us a string even for a
 * constant column, which was a large share of ingesting a million POS lines. DuckDB rebuilds each
 * table (rows and key index kept); Postgres changes nothing.
 */
export const migration0016: Migration = {
  version: 16,
  name: 'DuckDB storage hints on the ingest tables',
  steps: Object.entries(HINTS).map(([table, columns]) => ({
    kind: 'setCompression' as const,
    table,
    columns,
  })),
};
