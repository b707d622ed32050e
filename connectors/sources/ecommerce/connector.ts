import type { Connector } from '../../connector.ts';
import { ecommerceOrders } from './orders.ts';
import { ecommerceRefunds } from './refunds.ts';

/** The online shop's platform exports: monthly order and refund files (NDJSON, optionally gzipped). */
export const ecommerceConnector: Connector = {
  name: 'ecommerce',
  description: 'e-commerce platform exports: orders-YYYYMM.ndjson and refunds-YYYYMM.ndjson',
  classify(path) {
    const name = path.split(/[\\/]/).pop() ?? '';
    if (/^orders([-_].*)?\.(ndjson|jsonl)(\.gz)?$/i.test(name)) return ecommerceOrders;
    if (/^refunds([-_].*)?\.(ndjson|jsonl)(\.gz)?$/i.test(name)) return ecommerceRefunds;
    return null;
  },
};
