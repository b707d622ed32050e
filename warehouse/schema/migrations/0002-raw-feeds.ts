import { col, req, type Migration, type TableDef } from '../table-def.ts';

/** A raw.* table: every record of one feed as read, keyed by file checksum and record number. */
export function rawTable(name: string, feed: string): TableDef {
  return {
    name: `raw.${name}`,
    grain: `One record of ${feed} as read from its file, valid or not.`,
    description: `${feed}, as ingested: the parsed fields of each record before validation.`,
    primaryKey: ['source', 'checksum', 'record_no'],
    columns: [
      req('source', 'text', 'Source the file was ingested as.'),
      req('checksum', 'text', 'SHA-256 of the file (ops.ingested_files.checksum).'),
      req('record_no', 'bigint', 'Record number within the file, from 1.'),
      col('line', 'bigint', 'Line of the file where the record starts.'),
      col('record', 'json', 'The record: CSV columns by header name, or the NDJSON object.'),
      req('ingested_at', 'timestamptz', 'When it was read.'),
    ],
  };
}

export const FEEDS: [string, string][] = [
  ['pos_receipt_lines', 'POS daily receipt-line exports'],
  ['pos_members', 'the POS member master'],
  ['ecommerce_orders', 'e-commerce platform order exports'],
  ['ecommerce_refunds', 'e-commerce refund exports'],
  ['miniprogram_members', 'WeChat mini-program members'],
  ['his_patients', 'HIS FHIR Patient resources'],
  ['his_appointments', 'HIS FHIR Appointment resources'],
  ['his_encounters', 'HIS FHIR Encounter resources'],
  ['wms_shipments', 'WMS/TMS shipment pulls'],
  ['wms_tracking', 'WMS/TMS tracking-event pulls'],
  ['tickets', 'service tickets'],
  ['ticket_surveys', 'CSAT/NPS survey answers'],
  ['crm_accounts', 'CRM accounts'],
  ['crm_contacts', 'CRM contacts'],
  ['crm_leads', 'CRM leads'],
  ['crm_opportunities', 'CRM opportunities'],
  ['crm_opportunity_stages', 'CRM opportunity stage history'],
  ['crm_usage_daily', 'daily product-usage facts'],
  ['consent_events', 'consent grant and withdrawal events'],
  ['file_records', 'files ingested through a mapping (cdp ingest file)'],
];

/** One raw table per feed, so what was read stays queryable next to what was loaded. */
export const migration0002: Migration = {
  version: 2,
  name: 'raw feed tables',
  steps: FEEDS.map(([name, feed]) => ({ kind: 'createTable' as const, table: rawTable(name, feed) })),
};
