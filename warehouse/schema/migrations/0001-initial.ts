import { col, req, type Migration, type TableDef } from '../table-def.ts';

const ingestedAt = req('ingested_at', 'timestamptz', 'When cdp loaded or last updated this row.');
const fileId = col(
  'file_id',
  'text',
  'Checksum of the file (or topic/partition/offset key) the row came from.',
);
const attributes = col('attributes', 'json', 'Source fields with no canonical column, kept as JSON.');

const sourceRecords: TableDef = {
  name: 'core.source_records',
  grain: 'One customer record per source system (a member, a buyer, a patient, a contact...).',
  description: 'Every person record as each system holds it, normalised; the input of identity resolution.',
  primaryKey: ['source', 'source_key'],
  columns: [
    req('source', 'text', 'Source system name as configured (e.g. pos, ecommerce, his).'),
    req('source_key', 'text', "The record's key in its source system."),
    col('customer_id', 'text', 'Unified customer ID assigned by identity resolution; null until resolved.'),
    col('full_name', 'text', 'Name as written (Chinese characters or Latin), trimmed.'),
    col('family_name', 'text', 'Family name where the source separates it.'),
    col('given_name', 'text', 'Given name where the source separates it.'),
    col('birth_date', 'date', 'Date of birth.'),
    col('gender', 'text', "'male', 'female' or null."),
    col('phone', 'text', 'Primary mobile phone in E.164 (+8613912345678).'),
    col('phones', 'json', 'All phones of the record in E.164, as a JSON array.'),
    col('email', 'text', 'Primary email, trimmed and lower-cased.'),
    col('emails', 'json', 'All emails, as a JSON array.'),
    col(
      'national_id',
      'text',
      '18-digit PRC resident ID number (check digit verified) or other national ID.',
    ),
    col('insurance_id', 'text', 'Medical insurance number.'),
    col('union_id', 'text', 'WeChat UnionID.'),
    col('open_id', 'text', 'WeChat OpenID (per app).'),
    col('platform_user_id', 'text', 'User ID on an e-commerce platform.'),
    col('member_card', 'text', 'Loyalty member card number.'),
    col('device_id', 'text', 'Device ID (app or mini-program).'),
    col('account_code', 'text', 'B2B account the record is a contact of.'),
    col('province', 'text', 'Province of the address.'),
    col('city', 'text', 'City of the address.'),
    col('district', 'text', 'District of the address.'),
    col('address', 'text', 'Street address, normalised.'),
    col('postcode', 'text', 'Postal code.'),
    col('store_code', 'text', 'Home store, for store members.'),
    attributes,
    col('source_created_at', 'timestamptz', 'When the source created the record.'),
    col(
      'source_updated_at',
      'timestamptz',
      'When the source last changed the record; newer wins on re-ingest.',
    ),
    fileId,
    ingestedAt,
  ],
};

const customers: TableDef = {
  name: 'core.customers',
  grain: 'One unified customer (a person across all sources).',
  description: 'The golden record of each customer, built by identity resolution with survivorship rules.',
  primaryKey: ['customer_id'],
  columns: [
    req('customer_id', 'text', 'Stable unified customer ID; never reused.'),
    col('full_name', 'text', 'Best name across sources.'),
    col('gender', 'text', "'male', 'female' or null."),
    col('birth_date', 'date', 'Best birth date across sources.'),
    col('phone', 'text', 'Best phone, E.164.'),
    col('email', 'text', 'Best email.'),
    col('national_id', 'text', 'Resident ID number, if any source holds one.'),
    col('province', 'text', 'Province of the best address.'),
    col('city', 'text', 'City of the best address.'),
    col('address', 'text', 'Best address.'),
    col('source_count', 'integer', 'How many source records belong to the customer.'),
    col('first_seen_at', 'timestamptz', 'Earliest source timestamp of any of its records.'),
    col('last_seen_at', 'timestamptz', 'Latest source timestamp of any of its records.'),
    req('created_at', 'timestamptz', 'When the customer ID was minted.'),
    req('updated_at', 'timestamptz', 'When the golden record last changed.'),
  ],
};

const orders: TableDef = {
  name: 'core.orders',
  grain: 'One order or receipt in one source system.',
  description: 'Unified orders from tills, web shops and mini-programs. Amounts in the order currency.',
  primaryKey: ['source', 'order_id'],
  columns: [
    req('source', 'text', 'Source system.'),
    req('order_id', 'text', 'Order or receipt number, unique within the source.'),
    col(
      'source_key',
      'text',
      'Customer record (core.source_records.source_key) that placed the order, if known.',
    ),
    col('customer_id', 'text', 'Unified customer ID, filled by identity resolution.'),
    req('channel', 'text', "Sales channel: 'store', 'ecommerce', 'miniprogram', ..."),
    col('store_code', 'text', 'Store for store orders.'),
    req('ordered_at', 'timestamptz', 'When the order was placed.'),
    req('status', 'text', "'completed', 'paid', 'shipped', 'cancelled', 'refunded', 'returned'."),
    req('currency', 'text', 'ISO 4217 currency code.'),
    col('gross_amount', 'money', 'Sum of quantity x unit price over the lines, before any discount.'),
    col('discount_amount', 'money', 'All discounts: line discounts, order-level discounts and coupons.'),
    col('shipping_amount', 'money', 'Freight charged.'),
    col('net_amount', 'money', 'What the customer paid: gross - discount + shipping.'),
    col('refund_amount', 'money', 'Refunded so far.'),
    col(
      'payment_method',
      'text',
      'Payment method as normalised (wechat_pay, alipay, cash, card, stored_value).',
    ),
    col('fulfilment', 'text', "'in_store', 'delivery', 'pickup'."),
    attributes,
    fileId,
    ingestedAt,
  ],
};

const orderLines: TableDef = {
  name: 'core.order_lines',
  grain: 'One line of one order.',
  description: 'Products of each order; returns are lines with negative quantity.',
  primaryKey: ['source', 'order_id', 'line_no'],
  columns: [
    req('source', 'text', 'Source system.'),
    req('order_id', 'text', 'Order the line belongs to.'),
    req('line_no', 'integer', 'Line number within the order, from 1.'),
    col('sku', 'text', 'Product SKU.'),
    col('product_name', 'text', 'Product name.'),
    col('category', 'text', 'Product category.'),
    col('quantity', 'double', 'Quantity; negative for returns.'),
    col('unit_price', 'money', 'List price per unit.'),
    col('discount_amount', 'money', 'Line discount.'),
    col('line_amount', 'money', 'quantity * unit_price - discount_amount.'),
    fileId,
    ingestedAt,
  ],
};

const events: TableDef = {
  name: 'core.events',
  grain: 'One behaviour or service event.',
  description:
    'Visits, appointments, encounters, tickets, surveys, shipments and tracking, logins, feature use; typed by event_type.',
  primaryKey: ['source', 'event_id'],
  columns: [
    req('source', 'text', 'Source system.'),
    req('event_id', 'text', 'Event key, unique within the source.'),
    req(
      'event_type',
      'text',
      "Type, e.g. 'appointment', 'encounter', 'ticket', 'survey', 'shipment', 'tracking'.",
    ),
    req('occurred_at', 'timestamptz', 'When the event happened.'),
    col('source_key', 'text', 'Customer record the event belongs to, if any.'),
    col('customer_id', 'text', 'Unified customer ID, filled by identity resolution.'),
    col('account_code', 'text', 'B2B account the event belongs to, if any.'),
    col('channel', 'text', 'Channel of the event.'),
    col('status', 'text', 'Status of the event (booked, fulfilled, no-show, resolved...).'),
    attributes,
    fileId,
    ingestedAt,
  ],
};

const accounts: TableDef = {
  name: 'core.accounts',
  grain: 'One B2B account at one level of its hierarchy (group, subsidiary or site).',
  description: 'Business customers with their hierarchy; contacts are source_records with account_code.',
  primaryKey: ['source', 'account_code'],
  columns: [
    req('source', 'text', 'Source system.'),
    req('account_code', 'text', 'Account key in the source.'),
    req('name', 'text', 'Account name.'),
    col('parent_account_code', 'text', 'Parent in the hierarchy; null for a group.'),
    col('level', 'text', "'group', 'subsidiary' or 'site'."),
    col('industry', 'text', 'Industry.'),
    col('city', 'text', 'City.'),
    col('tier', 'text', 'Commercial tier.'),
    col('status', 'text', "'active' or 'churned'."),
    col('contract_start', 'date', 'Start of the current contract.'),
    col('renewal_date', 'date', 'Next renewal date.'),
    col('churned_at', 'date', 'When the account churned, if it did.'),
    attributes,
    fileId,
    ingestedAt,
  ],
};

const opportunities: TableDef = {
  name: 'core.opportunities',
  grain: 'One sales opportunity in its current state.',
  description: 'B2B pipeline; stage history is in core.events (event_type opportunity_stage).',
  primaryKey: ['source', 'opportunity_id'],
  columns: [
    req('source', 'text', 'Source system.'),
    req('opportunity_id', 'text', 'Opportunity key.'),
    col('account_code', 'text', 'Account it belongs to.'),
    col('name', 'text', 'Opportunity name.'),
    col('stage', 'text', 'Current stage.'),
    col('forecast_category', 'text', "'Commit', 'Best Case', 'Pipeline', 'Closed', 'Omitted'."),
    col('amount', 'money', 'Amount.'),
    col('currency', 'text', 'ISO 4217 currency code.'),
    col('close_date', 'date', 'Expected or actual close date.'),
    col('created_at', 'timestamptz', 'When it was created.'),
    col('updated_at', 'timestamptz', 'When the source last changed it.'),
    fileId,
    ingestedAt,
  ],
};

const consents: TableDef = {
  name: 'core.consents',
  grain: 'One consent event (grant or withdrawal) for one purpose and channel.',
  description: 'The consent ledger. The latest event per person, purpose and channel decides.',
  primaryKey: ['source', 'consent_id'],
  columns: [
    req('source', 'text', 'Source system.'),
    req('consent_id', 'text', 'Event key, unique within the source.'),
    col('source_key', 'text', 'Customer record the consent was given through.'),
    col('customer_id', 'text', 'Unified customer ID, filled by identity resolution.'),
    col(
      'identifier_type',
      'text',
      "Identifier the consent was recorded against: 'phone', 'email', 'union_id'...",
    ),
    col('identifier_value', 'text', 'That identifier, normalised.'),
    req('purpose', 'text', "'marketing', 'service', 'analytics', ..."),
    req('channel', 'text', "'sms', 'wechat', 'email', 'push', ..."),
    req('status', 'text', "'granted' or 'withdrawn'."),
    col('policy_version', 'text', 'Version of the privacy policy consented to.'),
    req('occurred_at', 'timestamptz', 'When the consent was given or withdrawn.'),
    fileId,
    ingestedAt,
  ],
};

const jobRuns: TableDef = {
  name: 'ops.job_runs',
  grain: 'One run of one job.',
  description: 'Run history of every job, for operators and BI.',
  primaryKey: ['run_id'],
  columns: [
    req('run_id', 'text', 'Unique run ID.'),
    req('job', 'text', 'Job name.'),
    col('as_of', 'date', 'The as_of date the run computed, for model jobs.'),
    req(
      'status',
      'text',
      "'running', 'succeeded', 'failed', 'skipped' (an upstream job failed, or shutdown), 'abandoned' (its process died while running; its transaction rolled back).",
    ),
    req('started_at', 'timestamptz', 'Start time.'),
    col('finished_at', 'timestamptz', 'End time.'),
    col('rows_read', 'bigint', 'Rows read.'),
    col('rows_written', 'bigint', 'Rows written.'),
    col('error', 'text', 'Error message of a failed run.'),
    col('details', 'json', 'Job-specific counts (e.g. excluded records per reason).'),
  ],
};

const ingestedFiles: TableDef = {
  name: 'ops.ingested_files',
  grain: 'One file (or stream offset range) ingested for one source.',
  description:
    'Reconciliation per file: records_read = records_loaded + records_quarantined + duplicates_skipped.',
  primaryKey: ['source', 'checksum'],
  columns: [
    req('source', 'text', 'Source the file was ingested as.'),
    req('checksum', 'text', 'SHA-256 of the file content; the same content is never loaded twice.'),
    req('path', 'text', 'Path as given when ingested.'),
    col('bytes', 'bigint', 'File size.'),
    col('records_read', 'bigint', 'Records read from the file.'),
    col('records_loaded', 'bigint', 'Records loaded into canonical tables.'),
    col('records_quarantined', 'bigint', 'Records sent to ops.quarantine.'),
    col('duplicates_skipped', 'bigint', 'Records recognised as already loaded.'),
    req('status', 'text', "'loaded' or 'failed'."),
    col('run_id', 'text', 'Job run that ingested it.'),
    req('ingested_at', 'timestamptz', 'When it was ingested.'),
  ],
};

const quarantine: TableDef = {
  name: 'ops.quarantine',
  grain: 'One rejected record.',
  description: 'Records that failed validation, with the reason; nothing is dropped silently.',
  primaryKey: ['source', 'checksum', 'record_no'],
  columns: [
    req('source', 'text', 'Source being ingested.'),
    req('checksum', 'text', 'Checksum of the file the record came from.'),
    req('record_no', 'bigint', 'Record number within the file (1-based).'),
    col('path', 'text', 'File path.'),
    col('line', 'bigint', 'Line number in the file, where lines apply.'),
    col('byte_offset', 'bigint', 'Byte offset of the record in the file.'),
    col('raw', 'text', 'The record as read.'),
    req(
      'reason_code',
      'text',
      "Machine-readable reason, e.g. 'missing_field', 'bad_phone', 'bad_national_id'.",
    ),
    req('message', 'text', 'What is wrong and where.'),
    col('run_id', 'text', 'Job run that quarantined it.'),
    req('quarantined_at', 'timestamptz', 'When.'),
  ],
};

/** The first canonical model: table groups and the core and ops tables of DESIGN.md. */
export const migration0001: Migration = {
  version: 1,
  name: 'initial canonical model',
  steps: [
    ...['raw', 'core', 'identity', 'marts'].map((schema) => ({ kind: 'createSchema' as const, schema })),
    ...[sourceRecords, customers, orders, orderLines, events, accounts, opportunities, consents].map(
      (table) => ({ kind: 'createTable' as const, table }),
    ),
    ...[jobRuns, ingestedFiles, quarantine].map((table) => ({ kind: 'createTable' as const, table })),
  ],
};
