import { bounded } from '../../map/quantities.ts';
import { equipmentKind } from './event-kind.ts';

/** Breakdowns that stopped a machine: a `failure` event, 'resolved' once it has a resolution time. */
export const equipmentFailures = equipmentKind('failures', 'raw.equipment_failures', (f) => {
  const id = f.text('failure_id', { required: true });
  const resolved = f.timestamp('resolved_at');
  return {
    event_id: `failure:${id}`,
    event_type: 'failure',
    occurred_at: f.timestamp('occurred_at', { required: true }),
    status: resolved ? 'resolved' : 'open',
    attributes: {
      serial_no: f.text('serial_no', { required: true }),
      fault_code: f.text('fault_code'),
      description: f.text('description'),
      downtime_hours: bounded(f, 'downtime_hours', { min: 0, expected: 'hours; expected 0 or more' }),
      resolved_at: resolved?.toISOString() ?? null,
    },
  };
});
