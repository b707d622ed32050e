import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmallRun } from './test-support.ts';
import { filesMatching, readNdjson, smallRun } from './test-support.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
const realDate = (s: unknown) =>
  typeof s === 'string' &&
  DATE.test(s) &&
  !Number.isNaN(Date.parse(s)) &&
  new Date(s).toISOString().startsWith(s);
const realDateTime = (s: unknown) =>
  typeof s === 'string' && DATETIME.test(s) && realDate(s.slice(0, 10)) && Number(s.slice(11, 13)) < 24;

/** The problems a FHIR quarantine step must catch ('' when the resource is fine). */
function problem(r: Record<string, unknown>, type: string): string {
  if (r.resourceType !== type) return 'missing resourceType';
  if (typeof r.id !== 'string') return 'missing id';
  if (type === 'Patient') {
    if (!Array.isArray(r.identifier) || r.identifier.length === 0) return 'no identifier';
    if (!Array.isArray(r.name) || !['male', 'female'].includes(String(r.gender))) return 'no name or gender';
    if (!realDate(r.birthDate)) return 'invalid birthDate';
  }
  if (type === 'Appointment') {
    if (!['booked', 'fulfilled', 'noshow', 'cancelled'].includes(String(r.status))) return 'bad status';
    const participants = r.participant as { actor?: { reference?: string }; status?: string }[] | undefined;
    if (!participants?.some((p) => p.actor?.reference?.startsWith('Patient/') && p.status))
      return 'no patient';
    if (!realDateTime(r.start)) return 'invalid start';
  }
  if (type === 'Encounter') {
    if (r.status !== 'finished' || typeof r.class !== 'object') return 'no status/class';
    if (!String((r.subject as { reference?: string } | undefined)?.reference).startsWith('Patient/'))
      return 'no subject';
    const period = r.period as { start?: unknown } | undefined;
    if (!realDateTime(period?.start)) return 'invalid period';
  }
  return '';
}

describe('HIS FHIR export', () => {
  let run: SmallRun;
  beforeAll(async () => {
    run = await smallRun({ customers: 2000, days: 90, seed: 21 });
  });
  afterAll(() => run.cleanup());

  it('has the required fields on every resource except the ones listed as invalid in the manifest', async () => {
    const found: string[] = [];
    for (const type of ['Patient', 'Appointment', 'Encounter']) {
      const [file] = filesMatching(run, new RegExp(`^his/${type}\\.ndjson$`));
      const rows = await readNdjson(run, file!);
      expect(rows.length).toBe(file!.rows);
      rows.forEach((r, k) => {
        if (problem(r ?? {}, type)) found.push(`${file!.path}:${k + 1}`);
      });
    }
    const listed = run.manifest.invalidRecords.map((x) => `${x.path}:${x.line}`);
    expect(found.sort()).toEqual(listed.sort());
    expect(listed.length).toBe(run.manifest.counts.his?.invalid_resources);
    expect(listed.length).toBeGreaterThan(0);
  });

  it('references only patients that exist', async () => {
    const patients = new Set(
      (await readNdjson(run, filesMatching(run, /Patient/)[0]!)).map((r) => `Patient/${String(r?.id)}`),
    );
    for (const r of await readNdjson(run, filesMatching(run, /Encounter/)[0]!)) {
      expect(patients.has(String((r?.subject as { reference: string }).reference))).toBe(true);
    }
  });
});
