import type { Migration } from '../table-def.ts';
import { FEEDS } from './0002-raw-feeds.ts';

/**
 * Raw rows and the canonical tables a POS export fills keep their keys unique by construction (a
 * file's raw rows commit with its ops.ingested_files row, whose key stays indexed, so a file loads
 * once; ingest's merge writes one row per key), so DuckDB drops its index of them: keeping ART
 * indexes up to date was about a third of ingesting a million receipt lines, and with the default
 * 1 GB memory cap the index of a million tracking events (core.events) ran DuckDB out of memory.
 * Postgres keeps its primary keys.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'ingest tables without a key index on DuckDB',
  steps: [
    ...FEEDS.map(([name]) => `raw.${name}`),
    'core.order_lines',
    'core.orders',
    'core.events',
    'core.consents',
    'core.source_records',
  ].map((table) => ({ kind: 'setKeyIndex' as const, table, keyIndex: 'postgres' as const })),
};
