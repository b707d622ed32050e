import type { FileKind, MapOutput, Rejection } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';
import { jsonList } from '../../map/person.ts';
import { isMobileCN, quote } from '../../normalise/index.ts';

const STATUSES: Readonly<Record<string, 'granted' | 'withdrawn'>> = {
  granted: 'granted',
  grant: 'granted',
  opt_in: 'granted',
  'opt-in': 'granted',
  opted_in: 'granted',
  同意: 'granted',
  withdrawn: 'withdrawn',
  withdraw: 'withdrawn',
  revoked: 'withdrawn',
  opt_out: 'withdrawn',
  'opt-out': 'withdrawn',
  opted_out: 'withdrawn',
  撤回: 'withdrawn',
  退订: 'withdrawn',
};
// Chinese labels some systems log; anything else is kept lower-cased, since a new purpose or channel
// must not lose a withdrawal.
const PURPOSES: Readonly<Record<string, string>> = { 营销: 'marketing', 服务: 'service', 分析: 'analytics' };
const CHANNELS: Readonly<Record<string, string>> = {
  短信: 'sms',
  微信: 'wechat',
  邮件: 'email',
  电子邮件: 'email',
  推送: 'push',
};
const ID_TYPES: Readonly<Record<string, string>> = {
  phone: 'phone',
  mobile: 'phone',
  email: 'email',
  union_id: 'union_id',
  unionid: 'union_id',
  open_id: 'open_id',
  openid: 'open_id',
};

const label = (table: Readonly<Record<string, string>>, text: string | null): string | null =>
  text === null ? null : (table[text] ?? text.toLowerCase());

/**
 * The consent log: one grant or withdrawal per person x purpose x channel. Each event is a consent
 * row and also a customer record (`consent_event:<id>`) holding the identifier it was recorded
 * against, so identity resolution ties the consent to the customer.
 */
export const consentEvents: FileKind = {
  kind: 'consent_events',
  format: 'ndjson',
  primary: 'consents',
  rawTable: 'raw.consent_events',
  map([rec], ctx): MapOutput {
    const f = new FieldReader(rec!, ctx);
    const id = f.text('event_id', { required: true });
    const rawType = f.text('identifier_type', { required: true });
    const type = rawType === null ? null : label(ID_TYPES, rawType.toLowerCase());
    const identifier =
      type === 'phone'
        ? f.phone('identifier', { required: true })
        : type === 'email'
          ? f.email('identifier', { required: true })
          : f.text('identifier', { required: true });
    const purpose = label(PURPOSES, f.text('purpose', { required: true }));
    const channel = label(CHANNELS, f.text('channel', { required: true }));
    const statusPath = f.raw('action') === undefined && f.raw('status') !== undefined ? 'status' : 'action';
    const action = f.text(statusPath, { required: true });
    const status = action === null ? null : (STATUSES[action.toLowerCase()] ?? null);
    const at = f.timestamp('occurred_at', { required: true });
    // An unknown status cannot be guessed: reading a withdrawal as a grant would message someone who said no.
    const failure: Pick<Rejection, 'reason' | 'message'> | null =
      f.failure ??
      (action !== null && status === null
        ? {
            reason: 'invalid_record',
            message: `${statusPath} ${quote(action)} is not a consent status; expected granted or withdrawn`,
          }
        : null);
    if (failure) return { rows: {}, rejections: [{ recordNo: rec!.recordNo, ...failure }] };
    const key = `consent_event:${id}`;
    const known = type === 'phone' || type === 'email' || type === 'union_id' || type === 'open_id';
    return {
      rows: {
        consents: [
          {
            record_no: rec!.recordNo,
            consent_id: id,
            source_key: key,
            identifier_type: type,
            identifier_value: identifier,
            purpose,
            channel,
            status,
            policy_version: f.text('policy_version'),
            occurred_at: at,
          },
        ],
        source_records: [
          {
            record_no: rec!.recordNo,
            source_key: key,
            phone: type === 'phone' && isMobileCN(identifier!) ? identifier : null,
            phones: type === 'phone' ? jsonList(identifier) : null,
            email: type === 'email' ? identifier : null,
            emails: type === 'email' ? jsonList(identifier) : null,
            union_id: type === 'union_id' ? identifier : null,
            open_id: type === 'open_id' ? identifier : null,
            source_created_at: at,
            source_updated_at: at,
            attributes: {
              source_system: f.text('source_system'),
              identifier_type: type,
              ...(known ? {} : { identifier }),
            },
          },
        ],
      },
      rejections: [],
    };
  },
};
