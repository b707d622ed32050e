import type { CsvPushdown, PushdownSql } from '../../connector.ts';
import { paymentMethod } from '../../map/person.ts';

// Integer cents of a money value, and Math.round of a double (halves up, toward +infinity).
const cents = (money: string): string => `CAST(${money} * 100 AS BIGINT)`;
const roundHalfUp = (x: string): string =>
  `(floor(${x}) + CASE WHEN ${x} - floor(${x}) >= 0.5 THEN 1 ELSE 0 END)`;

/** One line's quantity x unit price in cents, rounded as `map` rounds it (a DOUBLE, as in JS). */
function grossCents(x: PushdownSql): string {
  return roundHalfUp(`(v_qty * CAST(${cents('v_unit_price')} AS ${x.type('double')}))`);
}

/**
 * receipt-lines.ts as SQL: a group is a receipt; its lines, its order and the customer it names.
 * Store, till and receipt number are the group key, the same on every line, so they are read on
 * each; the receipt's time, customer and payment are read on its first line, as `map` does.
 */
export const receiptLinesPushdown: CsvPushdown = {
  groupColumns: ['store_code', 'till_no', 'receipt_no'],
  fields: {
    store_code: { column: 'store_code', read: 'text', required: true },
    till_no: { column: 'till_no', read: 'text' },
    receipt_no: { column: 'receipt_no', read: 'text', required: true },
    txn_time: { column: 'txn_time', read: 'timestamp', required: true, head: true },
    member_card_no: { column: 'member_card_no', read: 'text', head: true },
    member_phone: { column: 'member_phone', read: 'phone', head: true },
    payment_method: { column: 'payment_method', read: 'text', head: true, then: paymentMethod },
    qty: { column: 'qty', read: 'number', required: true },
    unit_price: { column: 'unit_price', read: 'amount', required: true },
    discount: { column: 'discount', read: 'amount' },
    line_amount: { column: 'line_amount', read: 'amount', required: true },
    sku: { column: 'sku', read: 'text', required: true },
    category: { column: 'category', read: 'text' },
  },
  // A line whose amount is not qty x price - discount (to the cent) may be a bad_amount; `map` decides.
  suspect: (x) =>
    `abs(${grossCents(x)} - CAST(COALESCE(${cents('v_discount')}, 0) AS ${x.type('double')}) - ` +
    `CAST(${cents('v_line_amount')} AS ${x.type('double')})) > 0.5`,
  steps: (x) => {
    const zero = `CAST('0.00' AS ${x.type('money')})`;
    const customer = `(r_card IS NOT NULL OR r_phone IS NOT NULL)`;
    return [
      {
        table: 'order_lines',
        columns: [
          'order_id',
          'line_no',
          'sku',
          'category',
          'quantity',
          'unit_price',
          'discount_amount',
          'line_amount',
        ],
        select: `SELECT v_store_code || ':' || v_receipt_no, pos, v_sku, v_category, v_qty, v_unit_price,
                   v_discount, v_line_amount, record_no FROM cdp_pd_ok`,
      },
      {
        temp: 'cdp_pd_pos_receipts',
        // Sums per receipt, then the first line's fields by a join: aggregating text is slower.
        select: `SELECT h.record_no, h.v_store_code AS r_store, h.v_receipt_no AS r_receipt, h.v_till_no AS r_till,
                   h.v_txn_time AS r_at, h.v_member_card_no AS r_card, h.v_member_phone AS r_phone,
                   h.v_payment_method AS r_payment, s.r_gross, s.r_discount, s.r_net, s.r_all_returns
                 FROM (SELECT grp, sum(${grossCents(x)}) AS r_gross, sum(COALESCE(${cents('v_discount')}, 0)) AS r_discount,
                         sum(${cents('v_line_amount')}) AS r_net, bool_and(v_qty < 0) AS r_all_returns
                       FROM cdp_pd_ok GROUP BY grp) s
                 JOIN cdp_pd_ok h ON h.record_no = s.grp`,
      },
      {
        table: 'orders',
        columns: [
          'order_id',
          'source_key',
          'channel',
          'store_code',
          'ordered_at',
          'status',
          'currency',
          'gross_amount',
          'discount_amount',
          'shipping_amount',
          'net_amount',
          'refund_amount',
          'payment_method',
          'fulfilment',
          'attributes',
        ],
        select: `SELECT r_store || ':' || r_receipt, CASE WHEN ${customer} THEN 'pos_receipt:' || r_store || ':' || r_receipt END,
                   'store', r_store, r_at, CASE WHEN r_all_returns THEN 'returned' ELSE 'completed' END,
                   CAST('${x.ctx.currency.replaceAll("'", "''")}' AS ${x.type('text')}),
                   ${x.money('r_gross')}, ${x.money('r_discount')}, ${zero}, ${x.money('r_net')},
                   CASE WHEN r_all_returns THEN ${x.money('-r_net')} ELSE ${zero} END, r_payment, 'in_store',
                   ${x.dialect.jsonObject([
                     ['till_no', 'r_till'],
                     ['receipt_no', 'r_receipt'],
                   ])}, record_no
                 FROM cdp_pd_pos_receipts`,
      },
      {
        table: 'source_records',
        columns: [
          'source_key',
          'member_card',
          'phone',
          'phones',
          'store_code',
          'source_created_at',
          'source_updated_at',
        ],
        select: `SELECT 'pos_receipt:' || r_store || ':' || r_receipt, r_card, r_phone,
                   CASE WHEN r_phone IS NOT NULL THEN ${x.dialect.jsonArray(['r_phone'])} END, r_store, r_at, r_at, record_no
                 FROM cdp_pd_pos_receipts WHERE ${customer}`,
      },
    ];
  },
};
