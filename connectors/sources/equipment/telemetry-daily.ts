import { count, hoursOfDay } from '../../map/quantities.ts';
import { equipmentKind } from './event-kind.ts';

/**
 * Daily machine telemetry: scheduled and running hours, cycles and alarms of one machine on one
 * day, as a `telemetry` event at the day's start in the source's zone. Running hours are required
 * (utilisation is made of them); a bad scheduled hours value is dropped and noted.
 */
export const equipmentTelemetry = equipmentKind('telemetry_daily', 'raw.equipment_telemetry', (f) => {
  const serial = f.text('serial_no', { required: true });
  const date = f.date('date', { required: true });
  return {
    event_id: `telemetry:${serial}:${date}`,
    event_type: 'telemetry',
    // A bare date read as a timestamp is the start of that day in the source's zone.
    occurred_at: f.timestamp('date', { required: true }),
    attributes: {
      serial_no: serial,
      date,
      scheduled_hours: hoursOfDay(f, 'scheduled_hours'),
      running_hours: hoursOfDay(f, 'running_hours', true),
      cycles: count(f, 'cycles'),
      alarms: count(f, 'alarms'),
    },
  };
});
