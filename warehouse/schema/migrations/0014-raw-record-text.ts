import { col, type Migration } from '../table-def.ts';
import { FEEDS } from './0002-raw-feeds.ts';
import { EQUIPMENT_FEEDS } from './0013-equipment-feeds.ts';

/**
 * Raw rows keep the record's text as read instead of its fields as JSON: the file's own bytes
 * (decoded) are what a raw layer owes, and writing every record again as JSON was the largest
 * single cost of an ingest (27% of a million POS lines on DuckDB). Rows already stored keep their
 * JSON, now as text.
 */
export const migration0014: Migration = {
  version: 14,
  name: 'raw rows as the record text',
  steps: [...FEEDS, ...EQUIPMENT_FEEDS].flatMap(([name, feed]) => [
    {
      kind: 'replaceColumn' as const,
      table: `raw.${name}`,
      column: 'record',
      with: col(
        'raw',
        'text',
        'The record as read, decoded to text: a CSV record as it stands in the file (without its line break; the header names its fields), an NDJSON line, a Parquet row as JSON. Rows ingested before migration 14 hold the parsed fields as JSON text (CSV columns by header name, or the NDJSON object).',
      ),
      using: { duckdb: 'CAST("record" AS VARCHAR)', postgres: '"record"::text' },
    },
    {
      kind: 'describeTable' as const,
      table: `raw.${name}`,
      description: `${feed}, as ingested: the text of each record before validation.`,
    },
  ]),
};
