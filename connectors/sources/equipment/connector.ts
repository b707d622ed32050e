import type { Connector } from '../../connector.ts';
import { equipmentFailures } from './failures.ts';
import { equipmentMachines } from './machines.ts';
import { equipmentPartsOrders } from './parts-orders.ts';
import { equipmentServiceVisits } from './service-visits.ts';
import { equipmentTelemetry } from './telemetry-daily.ts';

const KINDS = [
  [/^machines([-_].*)?\.csv(\.gz)?$/i, equipmentMachines],
  [/^telemetry_daily([-_].*)?\.csv(\.gz)?$/i, equipmentTelemetry],
  [/^failures([-_].*)?\.csv(\.gz)?$/i, equipmentFailures],
  [/^service_visits([-_].*)?\.csv(\.gz)?$/i, equipmentServiceVisits],
  [/^parts_orders([-_].*)?\.csv(\.gz)?$/i, equipmentPartsOrders],
] as const;

/** A machine maker's IoT and service platforms: installed base, telemetry, failures, visits, parts orders. */
export const equipmentConnector: Connector = {
  name: 'equipment',
  description:
    'Equipment platform exports: machines.csv, telemetry_daily.csv, failures.csv, service_visits.csv, parts_orders.csv',
  classify(path) {
    const name = path.split(/[\\/]/).pop() ?? '';
    return KINDS.find(([pattern]) => pattern.test(name))?.[1] ?? null;
  },
};
