import { bounded } from '../../map/quantities.ts';
import { equipmentKind, oneOf } from './event-kind.ts';

/** Service engineers' visits, repairs (of a failure) or preventive maintenance: `service_visit` events. */
export const equipmentServiceVisits = equipmentKind('service_visits', 'raw.equipment_service_visits', (f) => {
  const id = f.text('visit_id', { required: true });
  return {
    event_id: `visit:${id}`,
    event_type: 'service_visit',
    occurred_at: f.timestamp('visited_at', { required: true }),
    attributes: {
      serial_no: f.text('serial_no', { required: true }),
      kind: oneOf(f, 'kind', ['repair', 'preventive']),
      failure_id: f.text('failure_id'),
      hours: bounded(f, 'hours', { min: 0, expected: 'hours; expected 0 or more' }),
      engineer: f.text('engineer'),
    },
  };
});
