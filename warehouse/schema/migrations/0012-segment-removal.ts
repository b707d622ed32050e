import { col, type Migration } from '../table-def.ts';

/**
 * A segment removed from the configuration is cleaned up by the next segments run: its members
 * exit with a reason saying so, and marts.segments keeps the segment, marked removed, so its
 * history stays readable and a later run for an earlier day is still refused.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'segment removal',
  steps: [
    {
      kind: 'addColumn',
      table: 'marts.segment_changes',
      column: col(
        'reason',
        'text',
        "Why: 'rule' (the segment's rule began or stopped to hold for the customer) or 'segment_removed' (the segment was removed from the configuration; every member exited at that run). Filled on every row.",
      ),
    },
    {
      kind: 'sql',
      duckdb: "UPDATE marts.segment_changes SET reason = 'rule'",
      postgres: "UPDATE marts.segment_changes SET reason = 'rule'",
    },
    {
      kind: 'addColumn',
      table: 'marts.segments',
      column: col(
        'removed_at',
        'timestamptz',
        'Wall clock of the segments run that found the segment gone from the configuration (its members exited then; as_of is that run and members 0); null while the segment is configured.',
      ),
    },
  ],
};
