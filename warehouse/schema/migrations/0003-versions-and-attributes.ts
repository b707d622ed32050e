import { col, type Migration } from '../table-def.ts';

/**
 * Events get a source version so an older export loaded after a newer one (a backfill) cannot
 * overwrite it; opportunities and consents get the attributes column the other core tables have.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'event versions, attributes on opportunities and consents',
  steps: [
    {
      kind: 'addColumn',
      table: 'core.events',
      column: col(
        'updated_at',
        'timestamptz',
        'When the source last changed the event; a newer one wins on re-ingest.',
      ),
    },
    {
      kind: 'addColumn',
      table: 'core.opportunities',
      column: col('attributes', 'json', 'Source fields with no canonical column, kept as JSON.'),
    },
    {
      kind: 'addColumn',
      table: 'core.consents',
      column: col('attributes', 'json', 'Source fields with no canonical column, kept as JSON.'),
    },
  ],
};
