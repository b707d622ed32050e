import { describe, expect, it } from 'vitest';
import { normaliseNationalId, residentIdCheckChar } from './index.ts';

// The check character computed from the ISO 7064 MOD 11-2 definition rather than the lookup tables
// the implementation uses: the digit at position i (counted from the right, the check digit being
// position 1) weighs 2^(i-1) mod 11, and the check value c makes the weighted sum ≡ 1 (mod 11).
function mod11_2(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}
const withCheck = (first17: string): string => first17 + mod11_2(first17);

// Pinned so "born in the future" does not depend on the day the tests run.
const now = new Date('2025-06-15T12:00:00Z');

describe('the test oracle', () => {
  it('agrees with the published valid example and the implementation', () => {
    expect(mod11_2('11010519491231002')).toBe('X');
    for (const first17 of [
      '44030519900307123',
      '31010420000229456',
      '65010219851120001',
      '11010519491231002',
    ]) {
      expect(residentIdCheckChar(first17)).toBe(mod11_2(first17));
    }
  });
});

describe('normaliseNationalId', () => {
  const shenzhenMan = withCheck('44030519900307123');
  const leapDayWoman = withCheck('31010420000229456');

  it.each([
    ['11010519491231002X', '11010519491231002X', '1949-12-31', 'female', '110105'],
    ['11010519491231002x', '11010519491231002X', '1949-12-31', 'female', '110105'],
    [' 110105 19491231 002X ', '11010519491231002X', '1949-12-31', 'female', '110105'],
    ['１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X', '1949-12-31', 'female', '110105'],
    [shenzhenMan, shenzhenMan, '1990-03-07', 'male', '440305'],
    [leapDayWoman, leapDayWoman, '2000-02-29', 'female', '310104'],
    // First-generation 15-digit numbers: '19' goes before the YYMMDD date, then a check digit.
    ['110105491231002', '11010519491231002X', '1949-12-31', 'female', '110105'],
    ['440305900307123', shenzhenMan, '1990-03-07', 'male', '440305'],
  ])('%j -> %s', (raw, id, birthDate, gender, regionCode) => {
    expect(normaliseNationalId(raw, { now })).toEqual({
      ok: true,
      value: { id, birthDate, gender, regionCode },
    });
  });

  it('accepts a foreign permanent resident card (starts with 9, same layout)', () => {
    const id = withCheck('93184019880101011');
    expect(normaliseNationalId(id, { now })).toMatchObject({ ok: true, value: { id, gender: 'male' } });
  });

  it('accepts someone born today in China', () => {
    const id = withCheck('44030520250615123');
    expect(normaliseNationalId(id, { now })).toMatchObject({ ok: true, value: { birthDate: '2025-06-15' } });
  });

  it.each(['', ' ', 'NULL', 'N/A', '无', '-', null])('treats blank %j as no value', (raw) => {
    expect(normaliseNationalId(raw, { now })).toEqual({ ok: true, value: null });
  });

  const wrongCheck = (first17: string): string => first17 + (mod11_2(first17) === '0' ? '1' : '0');

  it.each([
    ['110105194912310021', 'has check digit 1; expected X for the first 17 digits'],
    [wrongCheck('44030519900307123'), `expected ${mod11_2('44030519900307123')} for the first 17 digits`],
    [withCheck('44030519900230123'), 'has birth date 19900230, but February 1990 has no day 30 (it has 28)'],
    [withCheck('44030519001329123'), 'has birth date 19001329, but month 13 does not exist'],
    [withCheck('44030518991231123'), 'has birth date 1899-12-31, before 1900'],
    [withCheck('44030520250616123'), 'has birth date 2025-06-16, which is in the future'],
    [withCheck('00030519900307123'), 'starts with 00, which is no province code'],
    ['4403051990030712', 'has 16 characters; expected 18'],
    ['4403051990030712345', 'has 19 characters; expected 18'],
    ['44030519900307123A', 'contains characters other than digits and a final X'],
    ['4403051990X307123X', 'contains characters other than digits and a final X'],
    ['440305900230123', 'has birth date 19900230'],
  ])('rejects %j: %s', (raw, message) => {
    const result = normaliseNationalId(raw, { now });
    expect(result).toMatchObject({ ok: false, reason: 'bad_national_id' });
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('names the expected check digit', () => {
    const result = normaliseNationalId('110105194912310021', { now });
    expect(result.ok ? '' : result.message).toMatchInlineSnapshot(
      `"national ID "110105194912310021" has check digit 1; expected X for the first 17 digits (ISO 7064 MOD 11-2)"`,
    );
  });

  it('defaults to the current time for the future check', () => {
    expect(normaliseNationalId(withCheck('44030529990101123'))).toMatchObject({ ok: false });
    expect(normaliseNationalId('11010519491231002X')).toMatchObject({ ok: true });
  });
});
