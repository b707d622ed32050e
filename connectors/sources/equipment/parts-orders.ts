import { bounded } from '../../map/quantities.ts';
import { equipmentKind, oneOf } from './event-kind.ts';

/**
 * Orders from the parts portal, consumables or spare parts: one `parts_order` event per order with
 * its amount (a two-place decimal string, required: the consumables component sums it).
 */
export const equipmentPartsOrders = equipmentKind('parts_orders', 'raw.equipment_parts_orders', (f, ctx) => {
  const no = f.text('order_no', { required: true });
  return {
    event_id: `parts_order:${no}`,
    event_type: 'parts_order',
    occurred_at: f.timestamp('ordered_at', { required: true }),
    attributes: {
      category: oneOf(f, 'category', ['consumables', 'spare_parts']),
      sku: f.text('sku'),
      description: f.text('description'),
      quantity: bounded(f, 'quantity', { min: 0, expected: 'a quantity; expected 0 or more' }),
      unit_price: f.amount('unit_price'),
      amount: f.amount('amount', { required: true }),
      currency: f.text('currency') ?? ctx.currency,
    },
  };
});
