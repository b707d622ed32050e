import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidResidentId, makeResidentId, residentIdCheckChar, residentIdIsMale } from './resident-id.ts';
import type { SmallRun } from './test-support.ts';
import { filesMatching, readCsv, readNdjson, smallRun } from './test-support.ts';
import { RESIDENT_ID_SYSTEM } from './feed-his.ts';

describe('resident ID numbers', () => {
  it('computes the GB 11643 check character of the standard example', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('110105194912310021')).toBe(false);
    expect(isValidResidentId('110105194902300021')).toBe(false);
  });

  it('encodes gender in the parity of the sequence', () => {
    const male = makeResidentId('440305', '1990-07-15', 123, true);
    const female = makeResidentId('440305', '1990-07-15', 123, false);
    expect([isValidResidentId(male), isValidResidentId(female)]).toEqual([true, true]);
    expect([residentIdIsMale(male), residentIdIsMale(female)]).toEqual([true, false]);
    expect(male.slice(6, 14)).toBe('19900715');
  });

  describe('in the HIS export', () => {
    let run: SmallRun;
    beforeAll(async () => {
      run = await smallRun({ customers: 600, seed: 3 });
    });
    afterAll(() => run.cleanup());

    it('are all valid, match the patient gender, and belong to one person each', async () => {
      const [patients] = filesMatching(run, /^his\/Patient/);
      const [truth] = filesMatching(run, /^ground_truth\.csv$/);
      const personOf = new Map((await readCsv(run, truth!)).map((r) => [r.source_record_key, r.person_id]));
      const owners = new Map<string, Set<string | undefined>>();
      for (const r of await readNdjson(run, patients!)) {
        const ids = (r?.identifier ?? []) as { system: string; value: string }[];
        const id = ids.find((x) => x.system === RESIDENT_ID_SYSTEM)?.value;
        if (!id || r?.resourceType !== 'Patient') continue;
        expect(isValidResidentId(id), id).toBe(true);
        expect(residentIdIsMale(id)).toBe(r.gender === 'male');
        if (!owners.has(id)) owners.set(id, new Set());
        owners.get(id)?.add(personOf.get(`his_patient:${String(r.id)}`));
      }
      expect(owners.size).toBeGreaterThan(50);
      for (const persons of owners.values()) expect(persons.size).toBe(1);
    });
  });
});
