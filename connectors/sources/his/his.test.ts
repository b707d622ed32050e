import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate, type GenerateManifest } from '../../../generator/index.ts';
import { ENGINES, type Engine } from '../../../test/engines.ts';
import { warehousePerTest } from '../../../test/warehouse-per-test.ts';
import { writeTree } from '../../../test/files.ts';
import { sql, type Warehouse } from '../../../warehouse/index.ts';
import { ingest } from '../../index.ts';
import { hisConnector } from './connector.ts';

const V2 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const ndjson = (...lines: (object | string)[]): string =>
  lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';

const WANG = {
  resourceType: 'Patient',
  id: 'pat-1',
  meta: { lastUpdated: '2025-03-01T09:00:00+08:00' },
  identifier: [
    {
      type: { coding: [{ system: V2, code: 'MR' }] },
      system: 'urn:oid:2.16.156.10011.99.1.2',
      value: 'MRN2123456',
    },
    {
      type: { coding: [{ system: V2, code: 'NNCHN' }] },
      system: 'urn:oid:2.16.156.10011.1.2',
      value: '11010519900501123x',
    },
    {
      type: { coding: [{ system: V2, code: 'SN' }] },
      system: 'urn:oid:2.16.156.10011.1.11',
      value: '110306263625',
    },
  ],
  name: [
    { use: 'usual', text: '小明' },
    { use: 'official', text: '王小明', family: '王', given: ['小明'] },
  ],
  telecom: [
    { system: 'phone', value: '010-12345678', use: 'home' },
    { system: 'phone', value: '139 1234 5678', use: 'mobile' },
    { system: 'email', value: ' Wang.XM@QQ.com ' },
  ],
  gender: 'male',
  birthDate: '1990-05-01',
  address: [
    { use: 'work', text: '北京市朝阳区建国路1号', city: '北京市', state: '北京市' },
    {
      use: 'home',
      text: '广东省深圳市宝安区东风路450号',
      line: ['东风路450号'],
      district: '宝安区',
      city: '深圳市',
      state: '广东省',
      postalCode: '518000',
    },
  ],
  managingOrganization: { reference: 'Organization/clinic-02' },
};
const LI = {
  resourceType: 'Patient',
  id: 'pat-2',
  // The check digit should be 0: the ID is dropped, the patient is kept.
  identifier: [{ system: 'urn:oid:2.16.156.10011.1.2', value: '310104198507201241' }],
  name: [{ text: '李娜' }],
  gender: 'female',
  birthDate: '1985-07-20',
};
const SMITH = {
  resourceType: 'Patient',
  id: 'pat-3',
  identifier: [{ type: { coding: [{ system: V2, code: 'PPN' }] }, value: 'e1234567' }],
  name: [{ family: 'SMITH', given: ['JOHN'] }],
  telecom: [{ system: 'phone', value: '+44 7700 900123', use: 'mobile' }],
  gender: 'other',
  birthDate: '1980',
};
const PATIENTS = ndjson(
  WANG,
  LI,
  SMITH,
  { id: 'pat-4', name: [{ text: '张三' }] },
  { resourceType: 'Appointment', id: 'appt-x', status: 'booked' },
  { resourceType: 'Patient', name: [{ text: '张三' }] },
  { resourceType: 'Patient', id: 'pat-7', birthDate: '19880315' },
  '{"resourceType":"Patient","id":"pat-8","name":[{"te',
  { resourceType: 'Patient', id: 'pat-9', birthDate: '2025-02-30' },
);

const patient = (ref: string) => ({ actor: { reference: ref }, status: 'accepted' });
const APPOINTMENTS = ndjson(
  {
    resourceType: 'Appointment',
    id: 'appt-1',
    status: 'booked',
    serviceType: [{ text: '口腔科' }],
    appointmentType: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0276', code: 'ROUTINE' }],
    },
    start: '2025-03-05T09:30:00+08:00',
    end: '2025-03-05T10:00:00+08:00',
    created: '2025-03-01T12:00:00+08:00',
    participant: [patient('Patient/pat-1'), patient('Practitioner/dr-007')],
  },
  {
    resourceType: 'Appointment',
    id: 'appt-2',
    status: 'cancelled',
    cancelationReason: { text: '患者取消' },
    created: '2025-03-02T08:00:00+08:00',
    participant: [patient('Patient/pat-2')],
  },
  {
    resourceType: 'Appointment',
    id: 'appt-3',
    status: 'confirmed',
    start: '2025-03-05T09:30:00+08:00',
    participant: [patient('Patient/pat-1')],
  },
  {
    resourceType: 'Appointment',
    id: 'appt-4',
    status: 'booked',
    start: '2025-03-05T09:30:00+08:00',
    participant: [patient('Pat/12')],
  },
  {
    resourceType: 'Appointment',
    id: 'appt-5',
    status: 'booked',
    start: '2025-03-05 09:30:00',
    participant: [patient('Patient/pat-1')],
  },
  {
    resourceType: 'Appointment',
    id: 'appt-6',
    status: 'booked',
    start: '2025-03-05T09:30:00+08:00',
    participant: [patient('Practitioner/dr-007')],
  },
  { resourceType: 'Appointment', id: 'appt-7', status: 'booked', participant: [patient('Patient/pat-1')] },
);

const AMB = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  code: 'AMB',
  display: 'ambulatory',
};
const ENC = {
  resourceType: 'Encounter',
  id: 'enc-1',
  status: 'finished',
  class: AMB,
  type: [{ text: '初诊' }],
  subject: { reference: 'Patient/pat-1' },
  appointment: [{ reference: 'Appointment/appt-1' }],
  period: { start: '2025-03-05T09:41:00+08:00', end: '2025-03-05T10:11:00+08:00' },
  serviceProvider: { reference: 'Organization/clinic-02' },
};
const ENCOUNTERS = ndjson(
  ENC,
  { ...ENC, id: 'enc-2', period: '2025-02-30' },
  { ...ENC, id: 'enc-3', subject: { reference: 'Group/g1' } },
  { ...ENC, id: 'enc-4', period: { start: '2025-03' } },
  { ...ENC, id: 'enc-5', status: 'done' },
  { ...ENC, id: 'enc-6', class: undefined },
);

describe('his connector: classify', () => {
  it('classifies by the resource type in the file name, numbered and gzipped parts included', () => {
    const kind = (p: string) => hisConnector.classify(p)?.kind ?? null;
    expect(kind('his/Patient.ndjson')).toBe('patients');
    expect(kind('export/Patient.000.ndjson')).toBe('patients');
    expect(kind('Appointment.ndjson.gz')).toBe('appointments');
    expect(kind('Encounter.001.ndjson.gz')).toBe('encounters');
    expect(kind('his/Observation.ndjson')).toBeNull();
    expect(kind('his/PatientX.ndjson')).toBeNull();
    expect(kind('his/Patient.csv')).toBeNull();
  });
});

describe.each(ENGINES)('his connector on %s', (engine: Engine) => {
  const open = warehousePerTest(engine);
  const run = (w: Warehouse, paths: string[]) =>
    ingest(w, hisConnector, paths, { timezone: 'Asia/Shanghai' });
  const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

  it('maps patients, appointments and encounters, and quarantines broken resources naming the FHIR path', async () => {
    const w = await open('his_load');
    const dir = writeTree({
      'his/Patient.ndjson': PATIENTS,
      'his/Appointment.ndjson': APPOINTMENTS,
      'his/Encounter.000.ndjson.gz': gzipSync(Buffer.from(ENCOUNTERS)),
    });
    const report = await run(w, [dir]);
    const file = (name: string) => report.files.find((f) => f.path.endsWith(name))!;
    expect(file('Patient.ndjson')).toMatchObject({
      status: 'loaded',
      read: 9,
      loaded: 3,
      quarantined: 6,
      duplicates: 0,
    });
    expect(file('Appointment.ndjson')).toMatchObject({ read: 7, loaded: 2, quarantined: 5, duplicates: 0 });
    expect(file('.gz')).toMatchObject({
      status: 'loaded',
      read: 6,
      loaded: 1,
      quarantined: 5,
      duplicates: 0,
    });

    const { rows: patients } = await w.query(
      sql`SELECT source_key, full_name, family_name, given_name, gender, birth_date, phone, phones, email, emails,
                 national_id, insurance_id, address, province, city, district, postcode, attributes, source_updated_at
          FROM core.source_records ORDER BY source_key`,
    );
    expect(
      patients.map((p) => ({
        ...p,
        phones: json(p.phones),
        emails: json(p.emails),
        attributes: json(p.attributes),
      })),
    ).toEqual([
      {
        source_key: 'his_patient:pat-1',
        full_name: '王小明',
        family_name: '王',
        given_name: '小明',
        gender: 'male',
        birth_date: '1990-05-01',
        phone: '+8613912345678',
        phones: ['+861012345678', '+8613912345678'],
        email: 'wang.xm@qq.com',
        emails: ['wang.xm@qq.com'],
        national_id: '11010519900501123X',
        insurance_id: '110306263625',
        address: '广东省深圳市宝安区东风路450号',
        province: '广东省',
        city: '深圳市',
        district: '宝安区',
        postcode: '518000',
        attributes: { mrn: 'MRN2123456', managing_organization: 'Organization/clinic-02' },
        source_updated_at: new Date('2025-03-01T01:00:00Z'),
      },
      {
        source_key: 'his_patient:pat-2',
        full_name: '李娜',
        family_name: '李',
        given_name: '娜',
        gender: 'female',
        birth_date: '1985-07-20',
        phone: null,
        phones: null,
        email: null,
        emails: null,
        national_id: null,
        insurance_id: null,
        address: null,
        province: null,
        city: null,
        district: null,
        postcode: null,
        attributes: {
          invalid_fields: {
            'Patient.identifier[0].value':
              'national ID "310104198507201241" has check digit 1; expected 0 for the first 17 digits (ISO 7064 MOD 11-2)',
          },
        },
        source_updated_at: null,
      },
      {
        source_key: 'his_patient:pat-3',
        full_name: 'JOHN SMITH',
        family_name: 'SMITH',
        given_name: 'JOHN',
        gender: null,
        birth_date: null,
        phone: '+447700900123',
        phones: ['+447700900123'],
        email: null,
        emails: null,
        national_id: null,
        insurance_id: null,
        address: null,
        province: null,
        city: null,
        district: null,
        postcode: null,
        attributes: { passport: 'E1234567', birth_date_partial: '1980' },
        source_updated_at: null,
      },
    ]);

    const { rows: events } = await w.query(
      sql`SELECT event_id, event_type, occurred_at, source_key, status, attributes FROM core.events ORDER BY event_id`,
    );
    expect(events.map((e) => ({ ...e, attributes: json(e.attributes) }))).toEqual([
      {
        event_id: 'appt-1',
        event_type: 'appointment',
        occurred_at: new Date('2025-03-05T01:30:00Z'),
        source_key: 'his_patient:pat-1',
        status: 'booked',
        attributes: {
          end: '2025-03-05T02:00:00.000Z',
          created: '2025-03-01T04:00:00.000Z',
          service_type: '口腔科',
          appointment_type: 'ROUTINE',
          patient_id: 'pat-1',
          patient_participation: 'accepted',
          practitioner_ids: ['dr-007'],
          participant_ids: ['Patient/pat-1', 'Practitioner/dr-007'],
        },
      },
      {
        event_id: 'appt-2',
        event_type: 'appointment',
        occurred_at: new Date('2025-03-02T00:00:00Z'),
        source_key: 'his_patient:pat-2',
        status: 'cancelled',
        attributes: {
          created: '2025-03-02T00:00:00.000Z',
          cancellation_reason: '患者取消',
          patient_id: 'pat-2',
          patient_participation: 'accepted',
          participant_ids: ['Patient/pat-2'],
        },
      },
      {
        event_id: 'enc-1',
        event_type: 'encounter',
        occurred_at: new Date('2025-03-05T01:41:00Z'),
        source_key: 'his_patient:pat-1',
        status: 'finished',
        attributes: {
          class: 'AMB',
          encounter_type: '初诊',
          period_start: '2025-03-05T01:41:00.000Z',
          period_end: '2025-03-05T02:11:00.000Z',
          duration_minutes: 30,
          appointment_id: 'appt-1',
          service_provider: 'Organization/clinic-02',
        },
      },
    ]);

    const { rows: q } = await w.query(
      sql`SELECT path, record_no, reason_code, message FROM ops.quarantine ORDER BY path, record_no`,
    );
    expect(q.map((r) => [String(r.path).split('/').pop(), r.record_no, r.reason_code, r.message])).toEqual([
      [
        'Appointment.ndjson',
        3,
        'invalid_record',
        expect.stringMatching(
          /^Appointment\.status "confirmed" is not in the R4 value set; expected one of proposed \| pending/,
        ),
      ],
      [
        'Appointment.ndjson',
        4,
        'invalid_record',
        expect.stringMatching(
          /^Appointment\.participant\[0\]\.actor\.reference "Pat\/12" is not a Patient reference; expected Patient\/<id>/,
        ),
      ],
      [
        'Appointment.ndjson',
        5,
        'bad_timestamp',
        expect.stringMatching(/^Appointment\.start "2025-03-05 09:30:00" is not a FHIR instant; /),
      ],
      [
        'Appointment.ndjson',
        6,
        'missing_field',
        'Appointment.participant has no actor.reference Patient/<id>; the appointment must name its patient',
      ],
      [
        'Appointment.ndjson',
        7,
        'missing_field',
        'Appointment.start is missing; a booked appointment must have one (R4 app-3)',
      ],
      [
        'Encounter.000.ndjson.gz',
        2,
        'invalid_record',
        'Encounter.period is the string "2025-02-30"; expected an object',
      ],
      [
        'Encounter.000.ndjson.gz',
        3,
        'invalid_record',
        'Encounter.subject.reference "Group/g1" is not a Patient reference; expected Patient/<id>',
      ],
      [
        'Encounter.000.ndjson.gz',
        4,
        'bad_timestamp',
        'Encounter.period.start "2025-03" names only a year or month; the event needs at least a day',
      ],
      [
        'Encounter.000.ndjson.gz',
        5,
        'invalid_record',
        expect.stringMatching(
          /^Encounter\.status "done" is not in the R4 value set; expected one of planned/,
        ),
      ],
      ['Encounter.000.ndjson.gz', 6, 'missing_field', 'Encounter.class is missing; the resource needs it'],
      [
        'Patient.ndjson',
        4,
        'invalid_record',
        'resourceType is missing; expected "Patient" (the file holds Patient resources)',
      ],
      [
        'Patient.ndjson',
        5,
        'invalid_record',
        'resourceType "Appointment" is not "Patient"; the file holds Patient resources',
      ],
      ['Patient.ndjson', 6, 'missing_field', 'Patient.id is missing; the resource needs it'],
      [
        'Patient.ndjson',
        7,
        'bad_date',
        'Patient.birthDate "19880315" is not a FHIR date; expected YYYY, YYYY-MM or YYYY-MM-DD',
      ],
      ['Patient.ndjson', 8, 'parse_error', expect.stringMatching(/^line 8: not valid JSON/)],
      [
        'Patient.ndjson',
        9,
        'bad_date',
        'Patient.birthDate "2025-02-30" is impossible: February 2025 has no day 30 (it has 28)',
      ],
    ]);
    const { rows: files } = await w.query(
      sql`SELECT records_read, records_loaded, records_quarantined, duplicates_skipped FROM ops.ingested_files`,
    );
    for (const f of files)
      expect(f.records_read).toBe(
        Number(f.records_loaded) + Number(f.records_quarantined) + Number(f.duplicates_skipped),
      );
    const { rows: raw } = await w.query(
      sql`SELECT (SELECT count(*) FROM raw.his_patients) AS p, (SELECT count(*) FROM raw.his_appointments) AS a, (SELECT count(*) FROM raw.his_encounters) AS e`,
    );
    expect(raw[0]).toEqual({ p: 9, a: 7, e: 6 });
  });

  it('fails a file that is not UTF-8 alone, loading nothing of it', async () => {
    const w = await open('his_encoding');
    const bad = Buffer.concat([Buffer.from(ndjson(WANG)), Buffer.from([0xff, 0xfe, 0x0a])]);
    const report = await run(w, [
      writeTree({ 'Patient.000.ndjson': bad, 'Appointment.ndjson': APPOINTMENTS }),
    ]);
    const patients = report.files.find((f) => f.path.endsWith('Patient.000.ndjson'))!;
    expect(patients.status).toBe('failed');
    expect(patients.error).toMatch(/Patient\.000\.ndjson/);
    expect(report.files.find((f) => f.path.endsWith('Appointment.ndjson'))).toMatchObject({
      status: 'loaded',
      loaded: 2,
    });
    const { rows } = await w.query(sql`SELECT count(*) AS n FROM core.source_records`);
    expect(rows[0]?.n).toBe(0);
  });

  it('is idempotent: the same file again is skipped, the same resources in a new file are duplicates', async () => {
    const w = await open('his_idem');
    const dir = writeTree({ 'Patient.ndjson': PATIENTS, 'Appointment.ndjson': APPOINTMENTS });
    await run(w, [dir]);
    const again = await run(w, [dir]);
    expect(again.totals).toMatchObject({ read: 0, skippedFiles: 2 });
    const copy = await run(w, [
      writeTree({ 'Patient.001.ndjson': PATIENTS + '\n', 'Appointment.001.ndjson': APPOINTMENTS + '\n' }),
    ]);
    expect(copy.files.find((f) => f.path.includes('Patient'))).toMatchObject({
      read: 9,
      loaded: 0,
      quarantined: 6,
      duplicates: 3,
    });
    expect(copy.files.find((f) => f.path.includes('Appointment'))).toMatchObject({
      read: 7,
      loaded: 0,
      quarantined: 5,
      duplicates: 2,
    });
    const { rows } = await w.query(
      sql`SELECT (SELECT count(*) FROM core.source_records) AS patients, (SELECT count(*) FROM core.events) AS events`,
    );
    expect(rows[0]).toEqual({ patients: 3, events: 2 });
  });

  it('updates a patient re-exported with a newer meta.lastUpdated, and ignores an older version', async () => {
    const w = await open('his_update');
    await run(w, [writeTree({ 'Patient.ndjson': ndjson(WANG) })]);
    const version = (lastUpdated: string, phone: string) =>
      ndjson({ ...WANG, meta: { lastUpdated }, telecom: [{ system: 'phone', value: phone, use: 'mobile' }] });
    const r1 = await run(w, [
      writeTree({ 'Patient.ndjson': version('2025-04-01T09:00:00+08:00', '13800001111') }),
    ]);
    expect(r1.files[0]).toMatchObject({ loaded: 1, duplicates: 0 });
    const r2 = await run(w, [
      writeTree({ 'Patient.ndjson': version('2025-02-01T09:00:00+08:00', '13000000000') }),
    ]);
    expect(r2.files[0]).toMatchObject({ loaded: 0, duplicates: 1 });
    const { rows } = await w.query(sql`SELECT phone, source_updated_at FROM core.source_records`);
    expect(rows).toEqual([{ phone: '+8613800001111', source_updated_at: new Date('2025-04-01T01:00:00Z') }]);
    // An appointment changed at the source (rescheduled) replaces the stored event.
    await run(w, [writeTree({ 'Appointment.ndjson': APPOINTMENTS })]);
    const moved = APPOINTMENTS.replace(
      '"start":"2025-03-05T09:30:00+08:00","end"',
      '"start":"2025-03-06T14:00:00+08:00","end"',
    );
    const r3 = await run(w, [writeTree({ 'Appointment.ndjson': moved })]);
    expect(r3.files[0]).toMatchObject({ loaded: 1, duplicates: 1, quarantined: 5 });
    const { rows: appt } = await w.query(sql`SELECT occurred_at FROM core.events WHERE event_id = 'appt-1'`);
    expect(appt).toEqual([{ occurred_at: new Date('2025-03-06T06:00:00Z') }]);
  });

  describe('on generated data', () => {
    let out: string;
    let manifest: GenerateManifest;
    beforeAll(async () => {
      out = await mkdtemp(join(tmpdir(), 'cdp-gen-his-'));
      // Seed 39 breaks one resource of each type at this size.
      manifest = await generate({ out, customers: 200, seed: 39, start: '2025-01-01', days: 30 });
    });

    it('quarantines exactly the resources the generator broke and keeps every other patient key', async () => {
      const w = await open('his_generated');
      const report = await run(w, [join(out, 'his')]);
      expect(report.totals.failedFiles).toBe(0);
      expect(report.files).toHaveLength(3);
      for (const f of report.files) expect(f.read).toBe(f.loaded + f.quarantined + f.duplicates);
      const { rows: q } = await w.query(sql`SELECT path, line, reason_code, message FROM ops.quarantine`);
      const invalid = manifest.invalidRecords.filter((r) => r.path.startsWith('his/'));
      expect(invalid.length).toBeGreaterThan(0);
      expect(invalid.length).toBe(manifest.counts.his?.invalid_resources);
      const where = (path: unknown, line: unknown) => `${String(path).slice(out.length + 1)}:${String(line)}`;
      expect(q.map((r) => where(r.path, r.line)).sort()).toEqual(
        invalid.map((r) => `${r.path}:${r.line}`).sort(),
      );
      for (const r of q)
        expect(r.message).toMatch(
          /^(resourceType is missing|(Patient\.birthDate|Appointment\.start|Encounter\.period) )/,
        );

      const truth = readFileSync(join(out, 'ground_truth.csv'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('his,'))
        .map((l) => l.split(',')[1]!);
      const brokenPatients = new Set(
        invalid.filter((r) => r.path === 'his/Patient.ndjson').map((r) => `his_patient:${r.id}`),
      );
      const { rows } = await w.query(sql`SELECT source_key FROM core.source_records`);
      const loaded = new Set(rows.map((r) => String(r.source_key)));
      expect(truth.length).toBe(manifest.counts.his?.ground_truth_keys);
      expect(truth.filter((k) => !loaded.has(k)).sort()).toEqual([...brokenPatients].sort());
      expect(loaded.size).toBe(truth.length - brokenPatients.size);
      const { rows: ev } = await w.query(
        sql`SELECT event_type, count(*) AS n FROM core.events GROUP BY event_type ORDER BY event_type`,
      );
      const broken = (file: string) => invalid.filter((r) => r.path === file).length;
      expect(ev).toEqual([
        {
          event_type: 'appointment',
          n: manifest.counts.his!.appointments! - broken('his/Appointment.ndjson'),
        },
        { event_type: 'encounter', n: manifest.counts.his!.encounters! - broken('his/Encounter.ndjson') },
      ]);
    });
  });
});
