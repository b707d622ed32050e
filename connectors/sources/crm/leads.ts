import type { FileKind, MapOutput } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';
import { contactFields } from '../../map/person.ts';

/** A stage timestamp as ISO 8601 text in attributes, or null. */
const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/**
 * Sales leads: one source record per lead, `crm_lead:<lead_id>`. A lead names its company, not an
 * account code, so account_code stays empty; a converted lead points at its contact. When the
 * export stamps the funnel stages (mql_at, sql_at, converted_at, as HubSpot's "became an MQL
 * date" and Salesforce's ConvertedDate do), they are kept as instants for the funnel's cycle times.
 */
export const crmLeads: FileKind = {
  kind: 'leads',
  format: 'csv',
  primary: 'source_records',
  rawTable: 'raw.crm_leads',
  encodings: ['utf-8', 'gbk'],
  map([rec], ctx): MapOutput {
    const f = new FieldReader(rec!, ctx);
    const id = f.text('lead_id', { required: true });
    const contact = contactFields(f, { name: 'name', phone: 'phone', email: 'email' });
    const created = f.timestamp('created_at');
    const updated = f.timestamp('updated_at') ?? created;
    if (f.failure) return { rows: {}, rejections: [{ recordNo: rec!.recordNo, ...f.failure }] };
    return {
      rows: {
        source_records: [
          {
            record_no: rec!.recordNo,
            source_key: `crm_lead:${id}`,
            ...contact,
            account_code: f.text('account_code'),
            source_created_at: created,
            source_updated_at: updated,
            attributes: {
              company: f.text('company'),
              lead_source: f.text('source'),
              lead_status: f.text('status')?.toLowerCase() ?? null,
              converted_contact_id: f.text('converted_contact_id'),
              mql_at: iso(f.timestamp('mql_at')),
              sql_at: iso(f.timestamp('sql_at')),
              converted_at: iso(f.timestamp('converted_at')),
              ...f.invalidAttributes(),
            },
          },
        ],
      },
      rejections: [],
    };
  },
};
