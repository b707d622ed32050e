import type { FileKind, MapOutput } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';
import { jsonList } from '../../map/person.ts';

const PRIORITIES = new Set(['P1', 'P2', 'P3', 'P4']);
const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/**
 * One row per ticket, as it stood at the export: the ticket is an event whose SLA times live in
 * attributes, and the customer fields it was opened with (phone, email, account code) are a source
 * record of their own, `ticket_customer:<ticket_id>`.
 */
export const tickets: FileKind = {
  kind: 'tickets',
  format: 'csv',
  primary: 'events',
  rawTable: 'raw.tickets',
  encodings: ['utf-8', 'gbk'],
  map([rec], ctx): MapOutput {
    const f = new FieldReader(rec!, ctx);
    const id = f.text('ticket_id', { required: true });
    const created = f.timestamp('created_at', { required: true });
    const rawPriority = f.text('priority', { required: true });
    const firstResponse = f.timestamp('first_response_at');
    const resolved = f.timestamp('resolved_at');
    const reopened = f.timestamp('reopened_at');
    const phone = f.phone('customer_phone');
    const email = f.email('customer_email');
    const account = f.text('customer_account_code');
    for (const [field, at] of [
      ['first_response_at', firstResponse],
      ['resolved_at', resolved],
      ['reopened_at', reopened],
    ] as const) {
      if (created && at && at < created) {
        f.fail(
          'bad_timestamp',
          `${field} ${String(f.raw(field))} is before created_at ${String(f.raw('created_at'))}; it cannot precede the ticket`,
        );
      }
    }
    if (f.failure) return { rows: {}, rejections: [{ recordNo: rec!.recordNo, ...f.failure }] };
    const priority = rawPriority!.toUpperCase();
    if (!PRIORITIES.has(priority)) {
      return {
        rows: {},
        rejections: [
          {
            recordNo: rec!.recordNo,
            reason: 'invalid_record',
            message: `priority ${JSON.stringify(rawPriority)} is not a priority; expected P1, P2, P3 or P4`,
          },
        ],
      };
    }
    // The current state: a reopened ticket resolved again is resolved (reopened_at keeps the history).
    const status =
      reopened && !(resolved && resolved >= reopened) ? 'reopened' : resolved ? 'resolved' : 'open';
    const hasCustomer = Boolean(f.text('customer_phone') || f.text('customer_email') || account);
    const sourceKey = hasCustomer ? `ticket_customer:${id}` : null;
    const invalid = f.invalidAttributes();
    return {
      rows: {
        events: [
          {
            record_no: rec!.recordNo,
            event_id: id,
            event_type: 'ticket',
            occurred_at: created,
            // The latest thing that happened to the ticket versions it.
            updated_at: latest(created, firstResponse, resolved, reopened),
            source_key: sourceKey,
            account_code: account,
            channel: f.text('channel')?.toLowerCase() ?? null,
            status,
            attributes: {
              priority,
              topic: f.text('topic'),
              agent: f.text('agent'),
              first_response_at: iso(firstResponse),
              resolved_at: iso(resolved),
              reopened_at: iso(reopened),
              ...invalid,
            },
          },
        ],
        ...(sourceKey
          ? {
              source_records: [
                {
                  record_no: rec!.recordNo,
                  source_key: sourceKey,
                  phone,
                  phones: jsonList(phone),
                  email,
                  emails: jsonList(email),
                  account_code: account,
                  source_created_at: created,
                  source_updated_at: created,
                  attributes: Object.keys(invalid).length ? invalid : null,
                },
              ],
            }
          : {}),
      },
      rejections: [],
    };
  },
};

/** The latest of some timestamps. */
function latest(...dates: (Date | null)[]): Date | null {
  return dates.reduce<Date | null>((a, d) => (d && (!a || d > a) ? d : a), null);
}
