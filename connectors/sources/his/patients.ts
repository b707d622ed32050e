import type { FileKind, MapContext, MapOutput, SourceRecord } from '../../connector.ts';
import { FieldReader } from '../../map/field-reader.ts';
import { jsonList, nameParts } from '../../map/person.ts';
import { isMobileCN, normaliseName } from '../../normalise/index.ts';
import { compact, FhirReader, fhirPath } from './fhir.ts';

// Identifier systems of China's health-information OIDs (2.16.156.10011...), used when an identifier
// carries no HL7 v2-0203 type code; the type code (NNCHN, SN, MR, PPN) is what we read first, since
// it is the same whichever OID a hospital's HIS vendor registered.
const RESIDENT_ID_SYSTEM = 'urn:oid:2.16.156.10011.1.2';
const INSURANCE_SYSTEM = 'urn:oid:2.16.156.10011.1.11';
const PASSPORT_SYSTEM = 'urn:oid:2.16.156.10011.1.13';
const MRN_SYSTEM_PREFIX = 'urn:oid:2.16.156.10011.99.1.';

type IdentifierKind = 'resident_id' | 'insurance' | 'mrn' | 'passport' | null;

function identifierKind(r: FhirReader, i: number): IdentifierKind {
  const codes = r
    .array(`identifier[${i}].type.coding`)
    .map((c) => (c !== null && typeof c === 'object' ? (c as { code?: unknown }).code : undefined));
  const system = r.string(`identifier[${i}].system`) ?? '';
  if (codes.includes('NNCHN') || system === RESIDENT_ID_SYSTEM) return 'resident_id';
  if (codes.includes('SN') || system === INSURANCE_SYSTEM) return 'insurance';
  if (codes.includes('MR') || system.startsWith(MRN_SYSTEM_PREFIX)) return 'mrn';
  if (codes.includes('PPN') || system === PASSPORT_SYSTEM) return 'passport';
  return null;
}

// The entry of a repeating element to read: the wanted `use` first, then any not marked 'old'.
function pick(r: FhirReader, path: string, uses: readonly string[]): number | null {
  const entries = r.array(path);
  const use = (i: number): unknown => r.get(`${path}[${i}].use`);
  for (const wanted of uses) {
    const i = entries.findIndex((_, k) => use(k) === wanted);
    if (i >= 0) return i;
  }
  const i = entries.findIndex((_, k) => use(k) !== 'old');
  return i >= 0 ? i : entries.length ? 0 : null;
}

// The name to keep: the official one, else the usual one. FHIR splits family and given, so those are
// taken as given; a name with text only is split the Chinese way.
function personName(
  r: FhirReader,
  f: FieldReader,
): { full_name: string | null; family_name?: string; given_name?: string } {
  const i = pick(r, 'name', ['official', 'usual']);
  if (i === null) return { full_name: null };
  const family = r.string(`name[${i}].family`);
  const given = r
    .array(`name[${i}].given`)
    .filter((g): g is string => typeof g === 'string' && g.trim() !== '')
    .map((g) => g.trim());
  const text = f.name(`name.${i}.text`);
  if (!family && !given.length) return { full_name: text, ...nameParts(text) };
  const han = /^\p{Script=Han}+$/u.test(`${family ?? ''}${given.join('')}`);
  const givenName = given.join(han ? '' : ' ');
  const composed = normaliseName(han ? `${family ?? ''}${givenName}` : `${givenName} ${family ?? ''}`);
  return {
    full_name: text ?? (composed.ok ? (composed.value?.full ?? null) : null),
    ...(family ? { family_name: family } : {}),
    ...(givenName ? { given_name: givenName } : {}),
  };
}

function contacts(r: FhirReader, f: FieldReader) {
  const phones: string[] = [];
  const emails: string[] = [];
  let mobile: string | null = null;
  r.array('telecom').forEach((_, i) => {
    const system = r.string(`telecom[${i}].system`);
    const use = r.get(`telecom[${i}].use`);
    if (system === 'phone' || system === 'sms') {
      const phone = f.phone(`telecom.${i}.value`);
      if (!phone) return;
      phones.push(phone);
      if (use === 'mobile') mobile ??= phone;
    } else if (system === 'email') {
      const email = f.email(`telecom.${i}.value`);
      if (email) emails.push(email);
    }
  });
  const phone = mobile ?? phones.find(isMobileCN) ?? null;
  const email = emails[0] ?? null;
  return { phone, phones: jsonList(...phones), email, emails: jsonList(...emails) };
}

function identifiers(r: FhirReader, f: FieldReader) {
  const out: {
    national_id: string | null;
    insurance_id: string | null;
    mrn: string | null;
    passport: string | null;
  } = { national_id: null, insurance_id: null, mrn: null, passport: null };
  r.array('identifier').forEach((_, i) => {
    const kind = identifierKind(r, i);
    if (kind === 'resident_id') out.national_id ??= f.nationalId(`identifier.${i}.value`)?.id ?? null;
    else if (kind === 'insurance') out.insurance_id ??= f.text(`identifier.${i}.value`);
    else if (kind === 'mrn') out.mrn ??= f.text(`identifier.${i}.value`);
    else if (kind === 'passport') out.passport ??= f.text(`identifier.${i}.value`)?.toUpperCase() ?? null;
  });
  return out;
}

function address(r: FhirReader, f: FieldReader) {
  const i = pick(r, 'address', ['home']);
  if (i === null) return {};
  const province = r.string(`address[${i}].state`);
  const city = r.string(`address[${i}].city`);
  const district = r.string(`address[${i}].district`);
  const lines = r.array(`address[${i}].line`).filter((l): l is string => typeof l === 'string');
  const text =
    f.text(`address.${i}.text`) ?? ([province, city, district, ...lines].filter(Boolean).join('') || null);
  return { address: text, province, city, district, postcode: r.string(`address[${i}].postalCode`) };
}

function mapPatient(rec: SourceRecord, ctx: MapContext): MapOutput {
  const r = new FhirReader(rec.fields, 'Patient', ctx.timezone);
  const f = new FieldReader(rec, ctx);
  const id = r.id();
  const birth = r.date('birthDate');
  const updated = r.instant('meta.lastUpdated');
  const name = personName(r, f);
  const ids = identifiers(r, f);
  const deceased = r.get('deceasedBoolean') ?? r.get('deceasedDateTime');
  const row = {
    record_no: rec.recordNo,
    source_key: `his_patient:${id}`,
    ...name,
    gender: f.gender('gender'),
    birth_date: birth?.date ?? null,
    ...contacts(r, f),
    national_id: ids.national_id,
    insurance_id: ids.insurance_id,
    ...address(r, f),
    source_updated_at: updated,
    attributes: compact({
      mrn: ids.mrn,
      passport: ids.passport,
      // A year or year-month of birth has no DATE column; keep what the HIS knows.
      birth_date_partial: birth && !birth.date ? birth.text : null,
      managing_organization: r.string('managingOrganization.reference'),
      active: r.get('active') === false ? false : null,
      deceased: deceased === undefined || deceased === false ? null : deceased,
      invalid_fields: Object.keys(f.invalid).length
        ? Object.fromEntries(Object.entries(f.invalid).map(([k, v]) => [fhirPath('Patient', k), v]))
        : null,
    }),
  };
  const problem = r.problem ?? f.failure;
  if (problem) return { rows: {}, rejections: [{ recordNo: rec.recordNo, ...problem }] };
  return { rows: { source_records: [row] }, rejections: [] };
}

/** FHIR Patient resources: one customer record each (`his_patient:<id>`). */
export const hisPatients: FileKind = {
  kind: 'patients',
  format: 'ndjson',
  primary: 'source_records',
  rawTable: 'raw.his_patients',
  map([rec], ctx): MapOutput {
    return mapPatient(rec!, ctx);
  },
};
