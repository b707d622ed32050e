import type { FileKind, MapOutput } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';

/** Daily tracking pulls: one scan event (picked, in transit, exception, delivered...) per row. */
export const wmsTracking: FileKind = {
  kind: 'tracking',
  format: 'csv',
  primary: 'events',
  rawTable: 'raw.wms_tracking',
  encodings: ['utf-8', 'gbk'],
  map([rec], ctx): MapOutput {
    const f = new FieldReader(rec!, ctx);
    const no = f.text('shipment_no', { required: true });
    const at = f.timestamp('event_time', { required: true });
    const code = f.text('status_code', { required: true })?.toUpperCase().replace(/\s+/g, '_') ?? null;
    if (f.failure || !at) return { rows: {}, rejections: [{ recordNo: rec!.recordNo, ...f.failure! }] };
    return {
      rows: {
        events: [
          {
            record_no: rec!.recordNo,
            event_id: `${no}:${at.toISOString()}:${code}`,
            event_type: 'tracking',
            occurred_at: at,
            // The shipment's consignee record; scans carry no customer fields of their own.
            source_key: `wms_shipment:${no}`,
            status: code?.toLowerCase() ?? null,
            attributes: {
              shipment_no: no,
              status_code: code,
              exception_reason_code: f.text('exception_reason_code')?.toUpperCase() ?? null,
              location: f.text('location'),
              ...f.invalidAttributes(),
            },
          },
        ],
      },
      rejections: [],
    };
  },
};
