import type { FileKind, MapOutput } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';
import { count } from '../../map/quantities.ts';

const FEATURE = /^feature_(.+)$/;

/**
 * Daily product usage per account: active users, seats and a count per feature (every
 * `feature_<name>` column), one event per account and day, at the day's start in the source's zone.
 */
export const crmUsageDaily: FileKind = {
  kind: 'usage_daily',
  format: 'csv',
  primary: 'events',
  rawTable: 'raw.crm_usage_daily',
  encodings: ['utf-8', 'gbk'],
  map([rec], ctx): MapOutput {
    const f = new FieldReader(rec!, ctx);
    const account = f.text('account_code', { required: true });
    const date = f.date('date', { required: true });
    // A bare date read as a timestamp is the start of that day in the source's zone.
    const midnight = f.timestamp('date', { required: true });
    const activeUsers = count(f, 'active_users', true);
    const seats = count(f, 'seats');
    const features: Record<string, number | null> = {};
    for (const column of Object.keys(rec!.fields)) {
      const name = FEATURE.exec(column)?.[1];
      if (name) features[name] = count(f, column);
    }
    if (f.failure) return { rows: {}, rejections: [{ recordNo: rec!.recordNo, ...f.failure }] };
    return {
      rows: {
        events: [
          {
            record_no: rec!.recordNo,
            event_id: `usage:${account}:${date}`,
            event_type: 'usage',
            occurred_at: midnight,
            account_code: account,
            attributes: { date, active_users: activeUsers, seats, features, ...f.invalidAttributes() },
          },
        ],
      },
      rejections: [],
    };
  },
};
