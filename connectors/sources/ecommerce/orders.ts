import type { CanonicalRow, FileKind, MapOutput, SourceRecord } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';
import { cents, fromCents } from '../../map/money.ts';
import { jsonList, nameParts } from '../../map/person.ts';

// Platform order states (English exports, Taobao/JD-style codes and the Chinese labels of console
// exports) to the canonical order statuses.
const STATUSES: Record<string, string> = {
  completed: 'completed',
  finished: 'completed',
  trade_finished: 'completed',
  交易成功: 'completed',
  已完成: 'completed',
  paid: 'paid',
  wait_seller_send_goods: 'paid',
  已付款: 'paid',
  待发货: 'paid',
  shipped: 'shipped',
  wait_buyer_confirm_goods: 'shipped',
  已发货: 'shipped',
  待收货: 'shipped',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  trade_closed_by_taobao: 'cancelled',
  已取消: 'cancelled',
  交易关闭: 'cancelled',
  refunded: 'refunded',
  trade_closed: 'refunded',
  已退款: 'refunded',
  退款成功: 'refunded',
  returned: 'returned',
  已退货: 'returned',
};

/** Splits the reader's dropped optional fields by the part of the order they belong to. */
function invalidUnder(invalid: Record<string, string>, prefix: string): Record<string, string> | undefined {
  let picked: Record<string, string> | undefined;
  for (const path in invalid) {
    if (path.startsWith(prefix)) (picked ??= {})[path] = invalid[path]!;
  }
  return picked;
}

// The paths of the fields of item i and coupon i, made once: reading them is most of the mapping,
// and a path built anew for every field of every order cost more than the reading.
interface ItemPaths {
  readonly qty: string;
  readonly price: string;
  readonly discount: string;
  readonly sku: string;
  readonly title: string;
  readonly category: string;
  readonly code: string;
  readonly amount: string;
}
const itemPaths: ItemPaths[] = [];
const MAX_CACHED_ITEMS = 1000;

function pathsOf(i: number): ItemPaths {
  const cached = itemPaths[i];
  if (cached) return cached;
  const at = `items.${i}`;
  const paths = {
    qty: `${at}.qty`,
    price: `${at}.price`,
    discount: `${at}.discount`,
    sku: `${at}.sku`,
    title: `${at}.title`,
    category: `${at}.category`,
    code: `coupons.${i}.code`,
    amount: `coupons.${i}.amount`,
  };
  if (i < MAX_CACHED_ITEMS) itemPaths[i] = paths;
  return paths;
}

/**
 * Platform order exports, one order per line with its buyer account, receiver, items and coupons.
 * An order becomes one core.orders row (primary), its items order lines, and two person records:
 * the buyer account (shared by all its orders) and the receiver of this order.
 */
export const ecommerceOrders: FileKind = {
  kind: 'orders',
  format: 'ndjson',
  primary: 'orders',
  rawTable: 'raw.ecommerce_orders',
  map([rec], ctx): MapOutput {
    const r: SourceRecord = rec!;
    const f = new FieldReader(r, ctx);
    const orderId = f.text('order_id', { required: true });
    const statusText = f.text('status', { required: true });
    const orderedAt = f.timestamp('created_at', { required: true });
    const paidAt = f.timestamp('paid_at');
    const client = f.text('client');
    const buyerId = f.text('buyer.platform_user_id', { required: true });
    const items = f.raw('items');
    const coupons = f.raw('coupons');
    if (!f.failure && (!Array.isArray(items) || items.length === 0)) {
      f.fail(
        'missing_field',
        `items is ${JSON.stringify(items ?? null)}; the order needs a list of at least one item`,
      );
    }
    if (!f.failure && coupons !== undefined && coupons !== null && !Array.isArray(coupons)) {
      f.fail('missing_field', `coupons is ${JSON.stringify(coupons)}; expected a list of {code, amount}`);
    }
    let gross = 0;
    let itemDiscount = 0;
    const itemList = Array.isArray(items) ? items : [];
    const lines: CanonicalRow[] = new Array(itemList.length);
    for (let i = 0; i < itemList.length; i++) {
      const at = pathsOf(i);
      const qty = f.number(at.qty, { required: true });
      const price = f.amount(at.price, { required: true });
      const discount = f.amount(at.discount) ?? '0.00';
      const lineGross = Math.round((qty ?? 0) * cents(price));
      gross += lineGross;
      itemDiscount += cents(discount);
      lines[i] = {
        record_no: r.recordNo,
        order_id: orderId,
        line_no: i + 1,
        sku: f.text(at.sku),
        product_name: f.text(at.title),
        category: f.text(at.category),
        quantity: qty,
        unit_price: price,
        discount_amount: discount,
        line_amount: fromCents(lineGross - cents(discount)),
      };
    }
    const couponCount = Array.isArray(coupons) ? coupons.length : 0;
    const couponList: { code: string | null; amount: string | null }[] = new Array(couponCount);
    let couponTotal = 0;
    for (let i = 0; i < couponCount; i++) {
      const at = pathsOf(i);
      const coupon = { code: f.text(at.code), amount: f.amount(at.amount, { required: true }) };
      couponTotal += cents(coupon.amount);
      couponList[i] = coupon;
    }
    const freight = f.amount('freight') ?? '0.00';
    const pay = f.amount('pay_amount', { required: true });
    const discount = itemDiscount + couponTotal;
    const expected = gross - discount + cents(freight);
    if (!f.failure && Math.abs(cents(pay) - expected) > 1) {
      f.fail(
        'bad_amount',
        `pay_amount ${pay} is not gross ${fromCents(gross)} - discount ${fromCents(discount)} (items ${fromCents(itemDiscount)} + coupons ${fromCents(couponTotal)}) + freight ${freight} = ${fromCents(expected)}`,
      );
    }
    const status = statusText ? STATUSES[statusText.toLowerCase()] : undefined;
    if (!f.failure && !status) {
      const known = [...new Set(Object.values(STATUSES))].join(', ');
      return {
        rows: {},
        rejections: [
          {
            recordNo: r.recordNo,
            reason: 'invalid_record',
            message: `status ${JSON.stringify(statusText)} is not a known order status; expected one of ${known} (or the platform's label for one)`,
          },
        ],
      };
    }
    const nickname = f.text('buyer.nick');
    const buyerKey = `ecommerce_buyer:${buyerId}`;
    const unionId = f.text('buyer.union_id');
    const openId = f.text('buyer.open_id');
    const deviceId = f.text('buyer.device_id');
    const receiverKey = `ecommerce_receiver:${orderId}`;
    const receiverName = f.name('receiver.name');
    const receiverPhone = f.phone('receiver.phone');
    const parts = nameParts(receiverName);
    const phones = jsonList(receiverPhone);
    const province = f.text('receiver.province');
    const city = f.text('receiver.city');
    const district = f.text('receiver.district');
    const address = f.text('receiver.address');
    if (f.failure) return { rows: {}, rejections: [{ recordNo: r.recordNo, ...f.failure }] };
    // Rows and attributes are written out whole rather than spread together: every order makes
    // five objects or more, and spreads made them slower to build and to read when staged.
    const buyerInvalid = invalidUnder(f.invalid, 'buyer.');
    const receiverInvalid = invalidUnder(f.invalid, 'receiver.');
    const attributes: Record<string, unknown> = { client, paid_at: paidAt?.toISOString() ?? null };
    if (statusText !== status) attributes.platform_status = statusText;
    if (couponList.length) attributes.coupons = couponList;
    attributes.receiver_source_key = receiverKey;
    const { invalid_fields: invalidFields } = f.invalidAttributes();
    if (invalidFields) attributes.invalid_fields = invalidFields;
    const order = {
      record_no: r.recordNo,
      order_id: orderId,
      source_key: buyerKey,
      channel: 'ecommerce',
      ordered_at: orderedAt,
      status,
      currency: ctx.currency,
      gross_amount: fromCents(gross),
      discount_amount: fromCents(discount),
      shipping_amount: freight,
      net_amount: pay,
      fulfilment: 'delivery',
      attributes,
    };
    const buyer = {
      record_no: r.recordNo,
      source_key: buyerKey,
      platform_user_id: buyerId,
      union_id: unionId,
      open_id: openId,
      device_id: deviceId,
      // Each order carries a snapshot of the account; the latest order's snapshot wins.
      source_created_at: orderedAt,
      source_updated_at: orderedAt,
      attributes: buyerInvalid ? { nickname, invalid_fields: buyerInvalid } : { nickname },
    };
    const receiver = {
      record_no: r.recordNo,
      source_key: receiverKey,
      full_name: receiverName,
      family_name: parts.family_name,
      given_name: parts.given_name,
      phone: receiverPhone,
      phones,
      province,
      city,
      district,
      address,
      source_created_at: orderedAt,
      source_updated_at: orderedAt,
      attributes: receiverInvalid
        ? { order_id: orderId, buyer_source_key: buyerKey, invalid_fields: receiverInvalid }
        : { order_id: orderId, buyer_source_key: buyerKey },
    };
    return {
      rows: { orders: [order], order_lines: lines, source_records: [buyer, receiver] },
      rejections: [],
    };
  },
};
