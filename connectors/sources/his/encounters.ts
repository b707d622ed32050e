import type { FileKind, MapOutput } from '../../connector.ts';
import { quote } from '../../normalise/index.ts';
import { compact, conceptText, ENCOUNTER_STATUSES, FhirReader } from './fhir.ts';

/**
 * FHIR Encounter resources: one 'encounter' event each, at period.start, tied to the subject.
 * Clinical content (reasonCode, diagnosis) is left in the raw table: marketing has no business with it.
 */
export const hisEncounters: FileKind = {
  kind: 'encounters',
  format: 'ndjson',
  primary: 'events',
  rawTable: 'raw.his_encounters',
  map([rec], ctx): MapOutput {
    const r = new FhirReader(rec!.fields, 'Encounter', ctx.timezone);
    const id = r.id();
    const status = r.code('status', ENCOUNTER_STATUSES, { required: true });
    const cls = r.object('class', { required: true });
    const classCode = cls ? (r.string('class.code') ?? r.string('class.display')) : null;
    const subject = r.reference('subject.reference', ['Patient'], { required: true });
    const period = r.object('period', { required: true });
    const start = period ? r.dateTime('period.start', { required: true }) : null;
    const end = period ? r.dateTime('period.end') : null;
    if (start && !start.at)
      r.fail(
        'bad_timestamp',
        `${r.path('period.start')} ${quote(start.text)} names only a year or month; the event needs at least a day`,
      );
    const appointment = r.array('appointment').length
      ? r.reference('appointment[0].reference', ['Appointment'])
      : null;
    const provider = r.reference('serviceProvider.reference', ['Organization']);
    const practitioners = r
      .array('participant')
      .map((_, i) =>
        r.reference(`participant[${i}].individual.reference`, [
          'Practitioner',
          'PractitionerRole',
          'RelatedPerson',
        ]),
      )
      .filter((p) => p?.type === 'Practitioner')
      .map((p) => p!.id);
    if (r.problem) return { rows: {}, rejections: [{ recordNo: rec!.recordNo, ...r.problem }] };
    const startAt = start!.at!;
    const endAt = end?.at ?? null;
    return {
      rows: {
        events: [
          {
            record_no: rec!.recordNo,
            event_id: id,
            event_type: 'encounter',
            occurred_at: startAt,
            source_key: `his_patient:${subject!.id}`,
            status,
            attributes: compact({
              class: classCode,
              encounter_type: conceptText(r.array('type')[0]),
              service_type: conceptText(r.get('serviceType')),
              period_start: startAt.toISOString(),
              period_end: endAt ? endAt.toISOString() : (end?.text ?? null),
              duration_minutes: endAt ? Math.round((endAt.getTime() - startAt.getTime()) / 60_000) : null,
              appointment_id: appointment?.id,
              service_provider: provider?.relative,
              practitioner_ids: practitioners.length ? practitioners : null,
            }),
          },
        ],
      },
      rejections: [],
    };
  },
};
