import type { FileKind, MapOutput } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';
import { contactFields } from '../../map/person.ts';

/** Contacts of B2B accounts: one source record per contact, `crm_contact:<contact_id>`. */
export const crmContacts: FileKind = {
  kind: 'contacts',
  format: 'csv',
  primary: 'source_records',
  rawTable: 'raw.crm_contacts',
  encodings: ['utf-8', 'gbk'],
  map([rec], ctx): MapOutput {
    const f = new FieldReader(rec!, ctx);
    const id = f.text('contact_id', { required: true });
    const contact = contactFields(f, { name: 'name', phone: 'phone', email: 'email' });
    const created = f.timestamp('created_at');
    // Exports without a modification time: the newest export of a contact wins on equal timestamps.
    const updated = f.timestamp('updated_at') ?? created;
    if (f.failure) return { rows: {}, rejections: [{ recordNo: rec!.recordNo, ...f.failure }] };
    return {
      rows: {
        source_records: [
          {
            record_no: rec!.recordNo,
            source_key: `crm_contact:${id}`,
            ...contact,
            account_code: f.text('account_code'),
            source_created_at: created,
            source_updated_at: updated,
            attributes: { title: f.text('title'), ...f.invalidAttributes() },
          },
        ],
      },
      rejections: [],
    };
  },
};
