import { col, type Migration } from '../table-def.ts';

/**
 * identity.records keeps the fields each record had when it was last placed, so a run after
 * records changed or were removed can find what their old versions were linked to and resolve
 * only that part incrementally. Rows written before stay without one until the next run rewrites
 * them (every such row is rewritten once).
 */
export const migration0015: Migration = {
  version: 15,
  name: 'identity record snapshots',
  steps: [
    {
      kind: 'addColumn',
      table: 'identity.records',
      column: col(
        'snapshot',
        'text',
        "The record's identity fields as the run that last wrote this row read them (a JSON array, internal to cdp): when the record changes at its source or is removed, the next run finds from it what the old version was linked to and resolves only that part again. Null on rows written before migration 15, until a run rewrites them.",
      ),
    },
  ],
};
