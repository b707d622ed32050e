import type { Warehouse } from '../../warehouse/index.ts';

/** Loads [source, event_id, event_type, occurred_at, account_code, attributes (JSON text), ingested_at] rows into core.events. */
export async function loadAccountEvents(wh: Warehouse, rows: unknown[][]): Promise<void> {
  await wh.load(
    'core.events',
    [
      { name: 'source', type: 'text' },
      { name: 'event_id', type: 'text' },
      { name: 'event_type', type: 'text' },
      { name: 'occurred_at', type: 'timestamptz' },
      { name: 'account_code', type: 'text' },
      { name: 'attributes', type: 'json' },
      { name: 'ingested_at', type: 'timestamptz' },
    ],
    [rows],
  );
}
