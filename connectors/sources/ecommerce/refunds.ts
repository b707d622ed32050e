import type { FileKind, MapOutput } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';

/**
 * Platform refund exports, one refund per line. A refund is a core.events row of type 'refund'; it
 * names only its order (the buyer is on the order), so KPI jobs join it through attributes.order_id.
 */
export const ecommerceRefunds: FileKind = {
  kind: 'refunds',
  format: 'ndjson',
  primary: 'events',
  rawTable: 'raw.ecommerce_refunds',
  map([rec], ctx): MapOutput {
    const f = new FieldReader(rec!, ctx);
    const refundId = f.text('refund_id', { required: true });
    const orderId = f.text('order_id', { required: true });
    const amount = f.amount('amount', { required: true });
    const at = f.timestamp('created_at', { required: true });
    const reason = f.text('reason');
    if (f.failure) return { rows: {}, rejections: [{ recordNo: rec!.recordNo, ...f.failure }] };
    return {
      rows: {
        events: [
          {
            record_no: rec!.recordNo,
            event_id: refundId,
            event_type: 'refund',
            occurred_at: at,
            channel: 'ecommerce',
            attributes: { order_id: orderId, amount, reason, ...f.invalidAttributes() },
          },
        ],
      },
      rejections: [],
    };
  },
};
