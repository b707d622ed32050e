import type { CanonicalRow, FileKind, MapOutput } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';
import { jsonList } from '../../map/person.ts';

const CHANNELS = ['sms', 'wechat', 'email', 'push'] as const;
const YES = new Set(['true', '1', 'yes', 'y']);
const NO = new Set(['false', '0', 'no', 'n']);

/** A consent flag as the backend writes it (JSON boolean, 0/1 or 'true'/'false'); undefined if unreadable. */
function flag(value: unknown): boolean | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (YES.has(text)) return true;
  if (NO.has(text)) return false;
  return text === '' ? null : undefined;
}

/**
 * Mini-program members, one sign-up per line. A person who signed up twice (a second WeChat account)
 * has two lines with different open_ids; both load as separate records and identity resolution
 * merges them. The sign-up's marketing consent flags become core.consents rows, one per channel.
 */
export const miniprogramMembers: FileKind = {
  kind: 'members',
  format: 'ndjson',
  primary: 'source_records',
  rawTable: 'raw.miniprogram_members',
  map([rec], ctx): MapOutput {
    const f = new FieldReader(rec!, ctx);
    const openId = f.text('open_id', { required: true });
    const registered = f.timestamp('registered_at', { required: true });
    const unionId = f.text('union_id');
    const phone = f.phone('phone');
    const sourceKey = `miniprogram:${openId}`;
    const consents: CanonicalRow[] = [];
    for (const channel of CHANNELS) {
      const raw = f.raw(`consent.${channel}`);
      const granted = flag(raw);
      if (granted === undefined) {
        f.invalid[`consent.${channel}`] = `consent flag ${JSON.stringify(raw)} is not true/false or 1/0`;
      }
      if (granted === null || granted === undefined) continue;
      consents.push({
        record_no: rec!.recordNo,
        consent_id: `${openId}:marketing:${channel}`,
        source_key: sourceKey,
        // The identifier WeChat shares across the brand's apps when the app is bound to it.
        identifier_type: unionId ? 'union_id' : 'open_id',
        identifier_value: unionId ?? openId,
        purpose: 'marketing',
        channel,
        status: granted ? 'granted' : 'withdrawn',
        occurred_at: registered,
      });
    }
    const member = {
      record_no: rec!.recordNo,
      source_key: sourceKey,
      union_id: unionId,
      open_id: openId,
      phone,
      phones: jsonList(phone),
      gender: f.gender('gender'),
      birth_date: f.date('birthday'),
      source_created_at: registered,
      source_updated_at: registered,
    };
    const attributes = { nickname: f.text('nickname'), avatar_url: f.text('avatar_url') };
    if (f.failure) return { rows: {}, rejections: [{ recordNo: rec!.recordNo, ...f.failure }] };
    return {
      rows: {
        source_records: [{ ...member, attributes: { ...attributes, ...f.invalidAttributes() } }],
        consents,
      },
      rejections: [],
    };
  },
};
