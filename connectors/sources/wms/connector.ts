import type { Connector } from '../../connector.ts';
import { wmsShipments } from './shipments.ts';
import { wmsTracking } from './tracking.ts';

/** The logistics partner's WMS/TMS: daily shipment and tracking pulls. */
export const wmsConnector: Connector = {
  name: 'wms',
  description: 'WMS/TMS daily pulls: shipments-YYYYMMDD.csv and tracking-YYYYMMDD.csv',
  classify(path) {
    const name = path.split(/[\\/]/).pop() ?? '';
    if (/^shipments[-_]?\d{8}\.csv(\.gz)?$/i.test(name)) return wmsShipments;
    if (/^tracking[-_]?\d{8}\.csv(\.gz)?$/i.test(name)) return wmsTracking;
    return null;
  },
};
