import { equipmentKind } from './event-kind.ts';

/** The installed base: one `installation` event per machine, at the start of its installation day. */
export const equipmentMachines = equipmentKind('machines', 'raw.equipment_machines', (f) => {
  const serial = f.text('serial_no', { required: true });
  return {
    event_id: `machine:${serial}`,
    event_type: 'installation',
    occurred_at: f.timestamp('installed_on', { required: true }),
    attributes: {
      serial_no: serial,
      model: f.text('model'),
      category: f.text('category'),
      installed_on: f.date('installed_on'),
      warranty_until: f.date('warranty_until'),
    },
  };
});
