import type { Connector, FileKind } from '../../connector.ts';
import { hisAppointments } from './appointments.ts';
import { hisEncounters } from './encounters.ts';
import { hisPatients } from './patients.ts';

const KINDS: Readonly<Record<string, FileKind>> = {
  patient: hisPatients,
  appointment: hisAppointments,
  encounter: hisEncounters,
};

/** A clinic chain's HIS: FHIR R4 bulk-export NDJSON, one file (or numbered part) per resource type. */
export const hisConnector: Connector = {
  name: 'his',
  description:
    'FHIR R4 bulk export: Patient.ndjson, Appointment.ndjson, Encounter.ndjson (or Patient.000.ndjson...)',
  classify(path) {
    const name = path.split(/[\\/]/).pop() ?? '';
    const m = /^(Patient|Appointment|Encounter)(?:[._-][\w.-]*?)?\.ndjson(?:\.gz)?$/i.exec(name);
    return m ? (KINDS[m[1]!.toLowerCase()] ?? null) : null;
  },
};
