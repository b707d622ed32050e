import type { Migration } from '../table-def.ts';
import { rawTable } from './0002-raw-feeds.ts';

/** The equipment platform's feeds; their canonical rows are core.events (installation, telemetry, ...). */
export const EQUIPMENT_FEEDS: [string, string][] = [
  ['equipment_machines', 'the installed base of machines'],
  ['equipment_telemetry', 'daily machine telemetry'],
  ['equipment_failures', 'machine failures'],
  ['equipment_service_visits', 'service visits to machines'],
  ['equipment_parts_orders', 'consumables and spare-parts orders'],
];

/** Raw tables of the equipment feeds, keyed on Postgres only like every raw table since migration 11. */
export const migration0013: Migration = {
  version: 13,
  name: 'equipment feed tables',
  steps: EQUIPMENT_FEEDS.map(([name, feed]) => ({
    kind: 'createTable' as const,
    table: { ...rawTable(name, feed), keyIndex: 'postgres' as const },
  })),
};
