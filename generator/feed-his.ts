// his/: the clinic chain's FHIR R4 bulk export (NDJSON, one resource per line): Patient, Appointment
// and Encounter. Written in the person pass. A few patients registered twice at different clinics (two
// Patient resources, two MRNs, same resident ID). About 0.5% of resources are deliberately broken
// (no resourceType, or an impossible date) and listed in manifest.invalidRecords for quarantine tests.

import { noisyBirth, noisyName, noisyPhone, NOISE } from './noise.ts';
import type { Person } from './person.ts';
import type { Rng } from './random.ts';
import { permute, rngFor } from './random.ts';
import { makeResidentId } from './resident-id.ts';
import { officeSecond } from './seasonality.ts';
import { STREAM } from './streams.ts';
import type { World } from './world.ts';
import type { LineSink } from './writer.ts';

// Identifier systems in the style of China's health-information OIDs (2.16.156.10011...); a connector
// should read them from configuration, not hard-code them.
export const RESIDENT_ID_SYSTEM = 'urn:oid:2.16.156.10011.1.2';
export const INSURANCE_SYSTEM = 'urn:oid:2.16.156.10011.1.11';
export const PASSPORT_SYSTEM = 'urn:oid:2.16.156.10011.1.13';
export const MRN_SYSTEM_PREFIX = 'urn:oid:2.16.156.10011.99.1.';
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const CLINICS = 8;
const DEPARTMENTS = ['全科', '口腔科', '眼科', '皮肤科', '儿科', '体检中心', '中医科'];
const INVALID_RATE = 0.005;

type Resource = Record<string, unknown>;

/** Writes the three FHIR files during the person pass. */
export class HisFeed {
  private readonly residentIds = new Set<string>();
  private patientSeq = 0;
  private appointmentSeq = 0;
  private encounterSeq = 0;

  private constructor(
    private readonly world: World,
    private readonly patients: LineSink,
    private readonly appointments: LineSink,
    private readonly encounters: LineSink,
  ) {}

  static open(world: World): HisFeed {
    const o = world.output;
    return new HisFeed(
      world,
      o.open('his/Patient.ndjson', 'his'),
      o.open('his/Appointment.ndjson', 'his'),
      o.open('his/Encounter.ndjson', 'his'),
    );
  }

  // Real resident IDs are unique; a random region+date+sequence can collide, so bump the sequence.
  private uniqueResidentId(id: string, male: boolean): string {
    let candidate = id;
    for (let k = 1; this.residentIds.has(candidate); k++) {
      const seq = (Math.floor(Number(id.slice(14, 17)) / 2) + k) % 500;
      candidate = makeResidentId(
        id.slice(0, 6),
        `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
        seq,
        male,
      );
    }
    this.residentIds.add(candidate);
    return candidate;
  }

  private write(sink: LineSink, rng: Rng, resource: Resource, dateField: string): void {
    const id = String(resource.id);
    let reason = '';
    if (rng.chance(INVALID_RATE)) {
      if (rng.chance(0.5)) {
        delete resource.resourceType;
        reason = 'missing resourceType';
      } else {
        resource[dateField] = rng.pick(['2025-02-30', '19880315', 'unknown', '2025-13-01T09:00:00+08:00']);
        reason = `invalid ${dateField}`;
      }
    }
    sink.line(JSON.stringify(resource));
    if (reason) {
      const path = sink.entry.path;
      this.world.invalid.push({ path, line: sink.entry.rows, id, reason });
      this.world.counts.add('his', 'invalid_resources');
    }
  }

  private patient(rng: Rng, p: Person, residentId: string, clinic: number): string {
    const { gt } = this.world;
    const id = `pat-${permute(this.patientSeq++, 16_777_216, 1_103_515, 12_345).toString(16).padStart(6, '0')}`;
    const name = noisyName(rng, p.name, NOISE.his);
    const foreign = p.core.style === 'foreign';
    const identifier: Resource[] = [
      {
        type: { coding: [{ system: V2_0203, code: 'MR' }] },
        system: `${MRN_SYSTEM_PREFIX}${clinic}`,
        value: `MRN${clinic}${String(rng.between(100_000, 999_999))}`,
      },
      foreign
        ? { type: { coding: [{ system: V2_0203, code: 'PPN' }] }, system: PASSPORT_SYSTEM, value: p.passport }
        : {
            type: { coding: [{ system: V2_0203, code: 'NNCHN' }] },
            system: RESIDENT_ID_SYSTEM,
            value: residentId,
          },
    ];
    if (p.insuranceNo)
      identifier.push({
        type: { coding: [{ system: V2_0203, code: 'SN' }] },
        system: INSURANCE_SYSTEM,
        value: p.insuranceNo,
      });
    const a = p.core.moveDay >= 0 ? p.laterAddress : p.address;
    const resource: Resource = {
      resourceType: 'Patient',
      id,
      identifier,
      name: [
        foreign
          ? {
              text: name.toUpperCase(),
              family: p.name.family.toUpperCase(),
              given: [p.name.given.toUpperCase()],
            }
          : { text: name, family: p.name.family, given: [p.name.given] },
      ],
      ...(rng.chance(0.05)
        ? {}
        : { telecom: [{ system: 'phone', value: noisyPhone(rng, p.phone, NOISE.his), use: 'mobile' }] }),
      gender: p.core.male ? 'male' : 'female',
      birthDate: noisyBirth(rng, p.birthDate, NOISE.his),
      address: [
        {
          use: 'home',
          text: `${a.province}${a.city}${a.district}${a.street}${a.detail}`,
          line: [a.street, a.detail],
          district: a.district,
          city: a.city,
          state: a.province,
          country: 'CN',
        },
      ],
      managingOrganization: { reference: `Organization/clinic-${String(clinic).padStart(2, '0')}` },
    };
    this.write(this.patients, rng, resource, 'birthDate');
    gt.add('his', `his_patient:${id}`, p.core.index);
    this.world.counts.add('his', 'patients');
    return id;
  }

  /** Patient resource(s), appointments and encounters of one person. */
  onPerson(p: Person): void {
    if (!p.core.his) return;
    const { ctx } = this.world;
    const cal = ctx.cal;
    const rng = rngFor(ctx.seed, STREAM.his, p.core.index);
    const residentId = p.residentId ? this.uniqueResidentId(p.residentId, p.core.male) : '';
    const clinic = 1 + rng.int(CLINICS);
    const ids = [this.patient(rng, p, residentId, clinic)];
    if (p.core.hisDuplicate)
      ids.push(this.patient(rng, p, residentId, 1 + ((clinic + rng.int(CLINICS - 1)) % CLINICS)));
    const firstDay = rng.int(cal.days);
    const visits = 1 + rng.poisson((rng.gamma(1.5, 2 / 1.5) * (cal.days - firstDay)) / 365);
    const horizon = cal.days + 14;
    for (let k = 0; k < visits; k++) {
      const day = k === 0 ? firstDay : firstDay + rng.int(horizon - firstDay);
      const start = day * 86_400 + Math.floor(officeSecond(rng) / 1800) * 1800;
      const patient = rng.pick(ids);
      const dept = rng.pick(DEPARTMENTS);
      const future = day >= cal.days;
      const roll = rng.float();
      const status = future ? 'booked' : roll < 0.78 ? 'fulfilled' : roll < 0.86 ? 'noshow' : 'cancelled';
      const apptId = `appt-${String(++this.appointmentSeq).padStart(8, '0')}`;
      const appointment: Resource = {
        resourceType: 'Appointment',
        id: apptId,
        status,
        serviceType: [{ text: dept }],
        start: cal.iso(start),
        end: cal.iso(start + 1800),
        participant: [
          { actor: { reference: `Patient/${patient}` }, status: 'accepted' },
          {
            actor: { reference: `Practitioner/dr-${String(rng.between(1, 60)).padStart(3, '0')}` },
            status: 'accepted',
          },
        ],
      };
      this.write(this.appointments, rng, appointment, 'start');
      this.world.counts.add('his', 'appointments');
      if (status === 'fulfilled') this.encounter(rng, patient, start + rng.between(0, 1200), apptId);
    }
    if (rng.chance(0.1))
      this.encounter(rng, rng.pick(ids), rng.int(cal.days) * 86_400 + officeSecond(rng), '');
  }

  private encounter(rng: Rng, patient: string, start: number, apptId: string): void {
    const cal = this.world.ctx.cal;
    const resource: Resource = {
      resourceType: 'Encounter',
      id: `enc-${String(++this.encounterSeq).padStart(8, '0')}`,
      status: 'finished',
      class: {
        system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
        code: 'AMB',
        display: 'ambulatory',
      },
      subject: { reference: `Patient/${patient}` },
      ...(apptId ? { appointment: [{ reference: `Appointment/${apptId}` }] } : {}),
      period: { start: cal.iso(start), end: cal.iso(start + rng.between(600, 3600)) },
    };
    this.write(this.encounters, rng, resource, 'period');
    this.world.counts.add('his', 'encounters');
  }

  async drain(): Promise<void> {
    await this.patients.drain();
    await this.appointments.drain();
    await this.encounters.drain();
  }

  async close(): Promise<void> {
    await this.patients.close();
    await this.appointments.close();
    await this.encounters.close();
  }
}
