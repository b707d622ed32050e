import type { FileKind, MapOutput } from '../../connector.ts';
import { quote } from '../../normalise/index.ts';
import { APPOINTMENT_STATUSES, compact, conceptText, FhirReader, parseReference } from './fhir.ts';

// Who may take part in an appointment (R4 Appointment.participant.actor).
const ACTOR_TYPES = [
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'RelatedPerson',
  'Device',
  'HealthcareService',
  'Location',
];
// R4 invariant app-3: only these appointments may lack a start.
const MAY_LACK_START = new Set(['proposed', 'cancelled', 'waitlist']);

/** FHIR Appointment resources: one 'appointment' event each, at its start, tied to the patient. */
export const hisAppointments: FileKind = {
  kind: 'appointments',
  format: 'ndjson',
  primary: 'events',
  rawTable: 'raw.his_appointments',
  map([rec], ctx): MapOutput {
    const r = new FhirReader(rec!.fields, 'Appointment', ctx.timezone);
    const id = r.id();
    const status = r.code('status', APPOINTMENT_STATUSES, { required: true });
    const start = r.instant('start');
    const end = r.instant('end');
    const created = r.dateTime('created');
    const actors: Record<string, string[]> = {};
    let patientStatus: string | null = null;
    r.array('participant').forEach((_, i) => {
      const path = `participant[${i}].actor.reference`;
      const text = r.string(path);
      if (text === null) return;
      const ref = parseReference(text);
      if (!ref || !ACTOR_TYPES.includes(ref.type)) {
        r.fail(
          'invalid_record',
          `${r.path(path)} ${quote(text)} is not a Patient reference; expected Patient/<id> (or Practitioner/<id>, Location/<id>... for the other participants)`,
        );
        return;
      }
      (actors[ref.type] ??= []).push(ref.id);
      if (ref.type === 'Patient' && actors.Patient?.length === 1)
        patientStatus = r.string(`participant[${i}].status`);
    });
    const patient = actors.Patient?.[0] ?? null;
    if (patient === null)
      r.fail(
        'missing_field',
        `${r.path('participant')} has no actor.reference Patient/<id>; the appointment must name its patient`,
      );
    if (start === null && status !== null && !MAY_LACK_START.has(status) && !r.problem)
      r.fail(
        'missing_field',
        `${r.path('start')} is missing; a ${status} appointment must have one (R4 app-3)`,
      );
    // A proposed, cancelled or waitlisted appointment without a start happened when it was created.
    const occurredAt = start ?? created?.at ?? null;
    if (occurredAt === null && !r.problem)
      r.fail(
        'missing_field',
        `${r.path('start')} and ${r.path('created')} are both missing; the event needs a time`,
      );
    if (r.problem) return { rows: {}, rejections: [{ recordNo: rec!.recordNo, ...r.problem }] };
    const minutes = r.get('minutesDuration');
    return {
      rows: {
        events: [
          {
            record_no: rec!.recordNo,
            event_id: id,
            event_type: 'appointment',
            occurred_at: occurredAt,
            source_key: `his_patient:${patient}`,
            status,
            attributes: compact({
              end: end?.toISOString(),
              created: created ? (created.at?.toISOString() ?? created.text) : null,
              service_type: conceptText(r.array('serviceType')[0]),
              specialty: conceptText(r.array('specialty')[0]),
              appointment_type: conceptText(r.get('appointmentType')),
              cancellation_reason: conceptText(r.get('cancelationReason')),
              minutes_duration: typeof minutes === 'number' ? minutes : null,
              patient_id: patient,
              patient_participation: patientStatus,
              practitioner_ids: actors.Practitioner ?? null,
              location_ids: actors.Location ?? null,
              participant_ids: Object.values(actors).length
                ? Object.entries(actors).flatMap(([type, ids]) => ids.map((x) => `${type}/${x}`))
                : null,
            }),
          },
        ],
      },
      rejections: [],
    };
  },
};
