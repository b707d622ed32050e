import { col, req, type Migration, type TableDef } from '../table-def.ts';

const exportLog: TableDef = {
  name: 'ops.export_log',
  grain: 'One customer in one sync of one destination: what was decided for them and what happened.',
  description:
    "Who received what, where and when: every add or remove a destination sync decided, including the people it did not send (held out, suppressed, without consent, over a frequency cap) and why. 'pending' rows are written before a batch goes out and turned into 'sent' or 'rejected' after, so a run after a crash resends exactly the pending batches with the same idempotency keys.",
  primaryKey: ['destination', 'sync_id', 'customer_id'],
  keyIndex: 'postgres',
  columns: [
    req('destination', 'text', 'Destination name as configured.'),
    req('segment', 'text', 'Segment the destination exports (marts.segments).'),
    req('sync_id', 'text', "The sync: '<as_of as YYYYMMDD>-<sequence per destination>'."),
    col(
      'batch',
      'integer',
      'Batch number within the sync (1, 2, ...) for rows that go out; null for people not sent. Webhook idempotency key: <destination>:<sync_id>:<batch>.',
    ),
    req('customer_id', 'text', 'Unified customer ID (core.customers).'),
    req('action', 'text', "'add' (the person enters the destination's audience) or 'remove'."),
    req(
      'channel',
      'text',
      "The destination's channel ('sms', 'email', ...); frequency caps count sent adds per channel.",
    ),
    req('purpose', 'text', "The consent purpose the destination requires ('marketing', ...)."),
    col(
      'campaign',
      'text',
      "The destination's holdout campaign, if it has a holdout; segment lift is reported per campaign.",
    ),
    req(
      'status',
      'text',
      "'pending' (about to go out), 'sent', 'rejected' (the receiver refused the record), 'failed' (the receiver was down; the next sync retries), 'held_out' (in the campaign's control group: recorded, never sent), 'suppressed', 'no_consent', 'capped'.",
    ),
    col(
      'detail',
      'text',
      "Why: for removes the reason ('left_segment', 'no_consent', 'suppressed'); for rejected and failed rows the receiver's response or error; for capped rows the count in the window.",
    ),
    req(
      'logged_at',
      'timestamptz',
      'Wall clock of the sync that decided it, or that settled it (sent, rejected, failed).',
    ),
  ],
};

/** Destinations (issue 7): the export log every sync writes. */
export const migration0010: Migration = {
  version: 10,
  name: 'destinations',
  steps: [{ kind: 'createTable', table: exportLog }],
};
