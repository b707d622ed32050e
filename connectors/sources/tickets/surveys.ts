import type { FileKind, MapOutput } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';

/** A whole-number score within [min, max]; anything else fails the record, because a bad score skews CSAT/NPS. */
function score(f: FieldReader, path: string, min: number, max: number): number | null {
  const n = f.number(path);
  if (f.invalid[path]) {
    f.fail('bad_number', `${path}: ${f.invalid[path]}`);
    return null;
  }
  if (n !== null && !(Number.isInteger(n) && n >= min && n <= max)) {
    f.fail(
      'bad_number',
      `${path} ${JSON.stringify(String(f.raw(path)))} is out of range; expected a whole number from ${min} to ${max}`,
    );
  }
  return n;
}

/** CSAT (1-5) and NPS (0-10) answers, one per ticket: an event of the ticket's customer. */
export const ticketSurveys: FileKind = {
  kind: 'surveys',
  format: 'csv',
  primary: 'events',
  rawTable: 'raw.ticket_surveys',
  encodings: ['utf-8', 'gbk'],
  map([rec], ctx): MapOutput {
    const f = new FieldReader(rec!, ctx);
    const ticket = f.text('ticket_id', { required: true });
    const csat = score(f, 'csat', 1, 5);
    const nps = score(f, 'nps', 0, 10);
    const answered = f.timestamp('answered_at', { required: true });
    if (csat === null && nps === null)
      f.fail('missing_field', 'csat and nps are both empty; the answer needs a score');
    if (f.failure) return { rows: {}, rejections: [{ recordNo: rec!.recordNo, ...f.failure }] };
    return {
      rows: {
        events: [
          {
            record_no: rec!.recordNo,
            event_id: `survey:${ticket}`,
            event_type: 'survey',
            occurred_at: answered,
            // The customer record of the ticket answered.
            source_key: `ticket_customer:${ticket}`,
            attributes: { ticket_id: ticket, csat, nps },
          },
        ],
      },
      rejections: [],
    };
  },
};
