import { req, type Migration, type TableDef } from '../table-def.ts';

const state: TableDef = {
  name: 'identity.state',
  grain: 'One row: the inputs the last identity run resolved.',
  description:
    'A hash of every source record fingerprint, every decision, the identity config and the model in use. A run whose inputs hash the same has nothing to do and returns at once.',
  primaryKey: ['state_key'],
  columns: [
    req('state_key', 'text', 'Hash of the inputs.'),
    req('resolved_at', 'timestamptz', 'When the run that resolved them finished.'),
  ],
};

/** Lets a scheduled identity run with no new or changed records skip the work. */
export const migration0005: Migration = {
  version: 5,
  name: 'identity run state',
  steps: [{ kind: 'createTable', table: state }],
};
