import type { FileKind, MapOutput } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';
import { jsonList, nameParts } from '../../map/person.ts';

/** The POS member master: one row per member card. */
export const posMembers: FileKind = {
  kind: 'members',
  format: 'csv',
  primary: 'source_records',
  rawTable: 'raw.pos_members',
  encodings: ['utf-8', 'gbk'],
  map([rec], ctx): MapOutput {
    const f = new FieldReader(rec!, ctx);
    const card = f.text('member_card_no', { required: true });
    const name = f.name('name');
    const phone = f.phone('phone');
    const registered = f.timestamp('registered_at');
    const row = {
      record_no: rec!.recordNo,
      source_key: `pos_member:${card}`,
      full_name: name,
      ...nameParts(name),
      gender: f.gender('gender'),
      birth_date: f.date('birthday'),
      phone,
      phones: jsonList(phone),
      member_card: card,
      store_code: f.text('store_code'),
      source_created_at: registered,
      source_updated_at: registered,
      attributes: Object.keys(f.invalid).length ? f.invalidAttributes() : null,
    };
    if (f.failure) return { rows: {}, rejections: [{ recordNo: rec!.recordNo, ...f.failure }] };
    return { rows: { source_records: [row] }, rejections: [] };
  },
};
