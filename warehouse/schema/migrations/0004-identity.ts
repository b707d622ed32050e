import { col, req, type Migration, type TableDef } from '../table-def.ts';

const records: TableDef = {
  name: 'identity.records',
  grain: 'One source record (core.source_records row) as identity resolution last saw it.',
  description:
    'Which customer each source record belongs to, how sure we are, and a fingerprint of the fields matching used, so a later run re-resolves only records that are new or changed.',
  primaryKey: ['source', 'source_key'],
  columns: [
    req('source', 'text', 'Source system.'),
    req('source_key', 'text', "The record's key in its source system."),
    req('record_id', 'bigint', 'Compact stable number of the record, used by identity.pairs.'),
    req('customer_id', 'text', 'Customer the record belongs to.'),
    req(
      'match_rule',
      'text',
      "How the record first joined another record of its customer: a rule of identity.rules (national_id, phone_name...); 'probabilistic'; 'same_as_record' (the source says so: a shipment and its order's receiver); 'customer_phone_name', 'customer_email_name', 'customer_phone_alias', 'customer_email_alias' (customer-level rules); 'attached_phone', 'attached_email' (a nameless record attached to the one customer holding its contact point); 'linked_record' (a buyer attached to the customer most of its orders' receivers belong to); 'same_phone', 'same_email' (nameless records joined to each other); 'review' (approved by a person); 'founder' (alone, or the record others joined).",
    ),
    req(
      'match_confidence',
      'double',
      'Confidence that the record belongs to its customer: 1 for deterministic rules and founders, the match probability for probabilistic links.',
    ),
    req('fingerprint', 'text', 'Hash of the identity fields; a change means the record is re-resolved.'),
    req('resolved_at', 'timestamptz', 'When a run last placed the record.'),
  ],
};

const pairs: TableDef = {
  name: 'identity.pairs',
  grain: 'One scored candidate pair of source records (record_id_a < record_id_b).',
  description:
    'Scored candidate pairs that merged two customers (decision link) or fell in the review band (decision review): the evidence behind every probabilistic merge and review row. The comparison levels (gamma) and the model in identity.model give the weight each comparison contributed.',
  primaryKey: ['record_id_a', 'record_id_b'],
  columns: [
    req('record_id_a', 'bigint', 'identity.records.record_id of the first record.'),
    req('record_id_b', 'bigint', 'identity.records.record_id of the second record.'),
    req('gamma', 'text', 'Comparison level per comparison, one digit each, in identity.model order.'),
    req('match_weight', 'double', 'log2 Bayes factor including the prior.'),
    req('match_probability', 'double', 'Posterior probability that the two records are one person.'),
    req('decision', 'text', "'link' (the pair merged two customers) or 'review'."),
  ],
};

const model: TableDef = {
  name: 'identity.model',
  grain: 'One trained Fellegi-Sunter model (the latest is the one in use).',
  description: 'm and u probabilities per comparison level and the prior, estimated by EM without labels.',
  primaryKey: ['model_id'],
  columns: [
    req('model_id', 'integer', 'Increasing number.'),
    req('params', 'json', 'Comparisons, levels, lambda, m and u.'),
    col('iterations', 'integer', 'EM iterations run.'),
    col('converged', 'boolean', 'Whether EM converged before the iteration cap.'),
    col('candidate_pairs', 'bigint', 'Candidate pairs EM was estimated on.'),
    req('trained_at', 'timestamptz', 'When.'),
  ],
};

const reviewQueue: TableDef = {
  name: 'identity.review_queue',
  grain: "One uncertain pair of source records waiting for (or holding) a person's decision.",
  description:
    "Pairs whose match probability fell in the review band. A decision ('approved' or 'rejected') holds in every later run.",
  primaryKey: ['source_a', 'source_key_a', 'source_b', 'source_key_b'],
  columns: [
    req('source_a', 'text', 'Source of the first record.'),
    req('source_key_a', 'text', 'Key of the first record.'),
    req('source_b', 'text', 'Source of the second record.'),
    req('source_key_b', 'text', 'Key of the second record.'),
    req('match_probability', 'double', 'Model probability when queued.'),
    req('match_weight', 'double', 'Model weight when queued.'),
    req('evidence', 'json', 'Each comparison with its level, both values and the weight it contributed.'),
    req('status', 'text', "'pending', 'approved' or 'rejected'."),
    col('decided_by', 'text', 'Who decided.'),
    col('decided_at', 'timestamptz', 'When.'),
    col('note', 'text', 'Why, as the reviewer wrote it.'),
    req('queued_at', 'timestamptz', 'When the pair was first queued.'),
  ],
};

const constraints: TableDef = {
  name: 'identity.constraints',
  grain: 'One decision by a person that two source records are, or are not, the same customer.',
  description:
    'Must-link and cannot-link constraints every run obeys: review approvals and rejections, and the cannot-links an unmerge leaves so the merge does not come back.',
  primaryKey: ['source_a', 'source_key_a', 'source_b', 'source_key_b'],
  columns: [
    req('source_a', 'text', 'Source of the first record.'),
    req('source_key_a', 'text', 'Key of the first record.'),
    req('source_b', 'text', 'Source of the second record.'),
    req('source_key_b', 'text', 'Key of the second record.'),
    req('kind', 'text', "'must_link' or 'cannot_link'."),
    req('reason', 'text', "'review' or 'unmerge'."),
    req('created_by', 'text', 'Who.'),
    req('created_at', 'timestamptz', 'When.'),
  ],
};

const customerIds: TableDef = {
  name: 'identity.customer_ids',
  grain: 'One customer ID ever minted; IDs are never reused.',
  description:
    "Every ID with its state: 'active', or 'merged' into another (the alias keeps pointing at the survivor), or 'retired' when its records all left.",
  primaryKey: ['customer_id'],
  columns: [
    req('customer_id', 'text', 'The ID.'),
    req('status', 'text', "'active', 'merged' or 'retired'."),
    col('merged_into', 'text', 'Surviving customer ID when status is merged.'),
    req('created_at', 'timestamptz', 'When the ID was minted.'),
    req('updated_at', 'timestamptz', 'When its status last changed.'),
  ],
};

const mergeHistory: TableDef = {
  name: 'identity.merge_history',
  grain: 'One change to the customer graph: a customer created, merged, split, unmerged or retired.',
  description: 'The audit trail of identity: what changed, why (rule, score or person) and who made it.',
  primaryKey: ['event_id'],
  columns: [
    req('event_id', 'bigint', 'Increasing number.'),
    req(
      'action',
      'text',
      "'create', 'merge' (other_customer_id merged into customer_id), 'split' (customer_id minted from records of other_customer_id), 'unmerge', 'retire'.",
    ),
    req('customer_id', 'text', 'Customer the change is about (the survivor of a merge).'),
    col('other_customer_id', 'text', 'The other customer of a merge or split.'),
    col('records', 'json', 'Source records that moved, as [source, source_key] pairs.'),
    req('reason', 'text', "Rule names or match probability that caused it, or the person's note."),
    req('actor', 'text', "'job:<run id>' or the person who asked for it."),
    req('occurred_at', 'timestamptz', 'When.'),
  ],
};

const customer360: TableDef = {
  name: 'core.customer_360',
  grain: 'One unified customer.',
  description:
    'Everything known about a customer in one row: golden record, identifiers, channels, order and visit summaries, consents and open tickets.',
  primaryKey: ['customer_id'],
  columns: [
    req('customer_id', 'text', 'Customer ID.'),
    col('full_name', 'text', 'Golden name.'),
    col('phone', 'text', 'Golden phone.'),
    col('email', 'text', 'Golden email.'),
    col('sources', 'json', 'Sources holding records of the customer, sorted.'),
    col('source_count', 'integer', 'How many source records belong to the customer.'),
    col('phones', 'json', 'Every phone seen, sorted.'),
    col('emails', 'json', 'Every email seen, sorted.'),
    col('union_ids', 'json', 'WeChat UnionIDs.'),
    col('member_cards', 'json', 'Member cards.'),
    col('channels', 'json', 'Sales channels the customer bought through, sorted.'),
    col('order_count', 'integer', 'Orders not cancelled.'),
    col('net_revenue', 'money', 'Sum of net amounts minus refunds of those orders.'),
    col('first_order_at', 'timestamptz', 'First order.'),
    col('last_order_at', 'timestamptz', 'Latest order.'),
    col('event_count', 'integer', 'Events (visits, appointments, tickets, shipments...).'),
    col('last_event_at', 'timestamptz', 'Latest event.'),
    col('open_tickets', 'integer', 'Tickets not resolved.'),
    col(
      'consents_granted',
      'json',
      "Purpose/channel pairs whose latest consent event is a grant, e.g. 'marketing/sms'.",
    ),
    req('updated_at', 'timestamptz', 'When the row was built.'),
  ],
};

/** Identity resolution: record placement, scored pairs, the model, review queue, decisions, IDs, history, customer 360. */
export const migration0004: Migration = {
  version: 4,
  name: 'identity resolution',
  steps: [records, pairs, model, reviewQueue, constraints, customerIds, mergeHistory, customer360].map(
    (table) => ({ kind: 'createTable' as const, table }),
  ),
};
