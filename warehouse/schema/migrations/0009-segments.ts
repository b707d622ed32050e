import { col, req, type Migration, type TableDef } from '../table-def.ts';

const segment = req('segment', 'text', 'Segment name as configured (lower-case letters, digits and _).');

const segments: TableDef = {
  name: 'marts.segments',
  grain: 'One configured segment that has been materialised.',
  description:
    'The segments the segments job materialised, with their definition (the JSON form of docs/segments.md) and the latest run.',
  primaryKey: ['segment'],
  columns: [
    segment,
    col('description', 'text', 'What the segment is for, as configured.'),
    req('definition', 'json', 'The rule in the JSON form (docs/segments.md).'),
    req('as_of', 'date', 'The day of the latest run (inclusive, in the warehouse time zone).'),
    req('members', 'bigint', 'Members at that run.'),
    req('updated_at', 'timestamptz', 'Wall clock of the latest run.'),
  ],
};

const members: TableDef = {
  name: 'marts.segment_members',
  grain: 'One customer currently in one segment.',
  description:
    'Current members of each segment: replaced by every run of the segments job (the latest as_of in marts.segments). History is in marts.segment_changes.',
  primaryKey: ['segment', 'customer_id'],
  keyIndex: 'postgres',
  columns: [
    segment,
    req('customer_id', 'text', 'Unified customer ID (core.customers).'),
    req('as_of', 'date', 'The run that found the customer in the segment.'),
    req('entered_on', 'date', 'as_of of the run at which the customer last entered the segment.'),
  ],
};

const changes: TableDef = {
  name: 'marts.segment_changes',
  grain: 'One entry into or exit from one segment by one customer, per as_of.',
  description:
    "Who entered or left each segment at each run, against the members after the previous run. Membership at any run = customers whose latest change up to it is 'entered'. A rerun for the same as_of replaces that as_of's changes.",
  primaryKey: ['segment', 'customer_id', 'as_of'],
  keyIndex: 'postgres',
  columns: [
    segment,
    req('customer_id', 'text', 'Unified customer ID (core.customers).'),
    req('as_of', 'date', 'The run that saw the change (inclusive, in the warehouse time zone).'),
    req('change', 'text', "'entered' or 'exited'."),
    req('changed_at', 'timestamptz', 'Wall clock of the run that recorded it.'),
  ],
};

/** Segments (issue 7): current members and their entries and exits. */
export const migration0009: Migration = {
  version: 9,
  name: 'segments',
  steps: [
    { kind: 'createTable', table: segments },
    { kind: 'createTable', table: members },
    { kind: 'createTable', table: changes },
  ],
};
