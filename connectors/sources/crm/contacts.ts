import type { FileKind, MapOutput } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';
import { jsonList, nameParts } from '../../map/person.ts';

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
    const name = f.name('name');
    const phone = f.phone('phone');
    const email = f.email('email');
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
            full_name: name,
            ...nameParts(name),
            phone,
            phones: jsonList(phone),
            email,
            emails: jsonList(email),
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
