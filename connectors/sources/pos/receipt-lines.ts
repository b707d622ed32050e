import type { CanonicalRow, FileKind, MapOutput, SourceRecord } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';
import { cents, fromCents } from '../../map/money.ts';
import { jsonList, paymentMethod } from '../../map/person.ts';
import { receiptLinesPushdown } from './receipt-lines-sql.ts';

// Store, till and receipt number, each after its length: two keys read alike only when all three
// are the same (joined by a separator alone, 'A|B','C' and 'A','B|C' would make one receipt).
const receiptKey = (r: SourceRecord): string => {
  const [store, till] = [String(r.fields.store_code ?? ''), String(r.fields.till_no ?? '')];
  return `${store.length}:${store}|${till.length}:${till}|${String(r.fields.receipt_no ?? '')}`;
};

/**
 * POS daily exports, one row per receipt line. Lines of one receipt are consecutive and become
 * one order; a receipt with any bad line is quarantined whole, so no order total is ever wrong.
 */
export const posReceiptLines: FileKind = {
  kind: 'receipt_lines',
  format: 'csv',
  primary: 'order_lines',
  rawTable: 'raw.pos_receipt_lines',
  encodings: ['utf-8', 'gbk'],
  groupKey: receiptKey,
  pushdown: receiptLinesPushdown,
  map(records, ctx): MapOutput {
    const lines: CanonicalRow[] = [];
    let problem: string | null = null;
    let reason: FieldReader['failure'] = null;
    const head = new FieldReader(records[0]!, ctx);
    const store = head.text('store_code', { required: true });
    const till = head.text('till_no');
    const receipt = head.text('receipt_no', { required: true });
    const at = head.timestamp('txn_time', { required: true });
    const card = head.text('member_card_no');
    const phone = head.phone('member_phone');
    const payment = paymentMethod(head.text('payment_method'));
    if (head.failure) [reason, problem] = [head.failure, `line ${records[0]!.line}: ${head.failure.message}`];
    const orderId = `${store}:${receipt}`;
    const customerKey = card || phone ? `pos_receipt:${orderId}` : null;
    let gross = 0;
    let discount = 0;
    let net = 0;
    records.forEach((rec, i) => {
      const f = new FieldReader(rec, ctx);
      const qty = f.number('qty', { required: true });
      const price = f.amount('unit_price', { required: true });
      const disc = f.amount('discount');
      const amount = f.amount('line_amount', { required: true });
      const sku = f.text('sku', { required: true });
      if (
        !f.failure &&
        qty !== null &&
        Math.abs(Math.round(qty * cents(price)) - cents(disc) - cents(amount)) > 1
      ) {
        f.fail(
          'bad_amount',
          `line_amount ${amount} is not qty ${qty} x unit_price ${price} - discount ${disc ?? '0'}`,
        );
      }
      if (f.failure && !problem) [reason, problem] = [f.failure, `line ${rec.line}: ${f.failure.message}`];
      gross += Math.round((qty ?? 0) * cents(price));
      discount += cents(disc);
      net += cents(amount);
      lines.push({
        record_no: rec.recordNo,
        order_id: orderId,
        line_no: i + 1,
        sku,
        category: f.text('category'),
        quantity: qty,
        unit_price: price,
        discount_amount: disc,
        line_amount: amount,
      });
    });
    if (problem) {
      const message = `receipt ${receipt ?? '?'} of store ${store ?? '?'} is quarantined whole: ${problem}`;
      return {
        rows: {},
        rejections: records.map((r) => ({ recordNo: r.recordNo, reason: reason!.reason, message })),
      };
    }
    const first = records[0]!.recordNo;
    const allReturns = lines.every((l) => Number(l.quantity) < 0);
    return {
      rows: {
        order_lines: lines,
        orders: [
          {
            record_no: first,
            order_id: orderId,
            source_key: customerKey,
            channel: 'store',
            store_code: store,
            ordered_at: at,
            status: allReturns ? 'returned' : 'completed',
            currency: ctx.currency,
            gross_amount: fromCents(gross),
            discount_amount: fromCents(discount),
            shipping_amount: '0.00',
            net_amount: fromCents(net),
            refund_amount: allReturns ? fromCents(-net) : '0.00',
            payment_method: payment,
            fulfilment: 'in_store',
            attributes: { till_no: till, receipt_no: receipt },
          },
        ],
        // The customer a receipt names (card and/or phone) is a source record of its own, so
        // identity resolution can tie walk-in phones and cards to members.
        ...(customerKey
          ? {
              source_records: [
                {
                  record_no: first,
                  source_key: customerKey,
                  member_card: card,
                  phone,
                  phones: jsonList(phone),
                  store_code: store,
                  source_created_at: at,
                  source_updated_at: at,
                },
              ],
            }
          : {}),
      },
      rejections: [],
    };
  },
};
