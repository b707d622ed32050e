import { describe, expect, it } from 'vitest';
import { isMobileCN, normalisePhone } from './index.ts';

describe('normalisePhone', () => {
  it.each([
    ['13912345678', '+8613912345678'],
    ['+86 139 1234 5678', '+8613912345678'],
    ['86-139-1234-5678', '+8613912345678'],
    ['0086 13912345678', '+8613912345678'],
    ['139-1234-5678', '+8613912345678'],
    ['139 1234 5678', '+8613912345678'],
    ['139.1234.5678', '+8613912345678'],
    ['(+86)13912345678', '+8613912345678'],
    ['（+86）13912345678', '+8613912345678'],
    ['+86-13912345678', '+8613912345678'],
    ['+8613912345678', '+8613912345678'],
    ['8613912345678', '+8613912345678'],
    ['１３９１２３４５６７８', '+8613912345678'],
    ['＋８６ １３９ １２３４ ５６７８', '+8613912345678'],
    [' 13912345678 ', '+8613912345678'],
    ['\u200b13912345678', '+8613912345678'],
    ['13912345678.0', '+8613912345678'],
    ['1.3912345678E10', '+8613912345678'],
    ['1.3912345678e+10', '+8613912345678'],
    ['19912345678', '+8619912345678'],
    ['010-12345678', '+861012345678'],
    ['0755-1234567', '+867551234567'],
    ['0755-12345678', '+8675512345678'],
    ['(021)12345678', '+862112345678'],
    ['（０２１）１２３４５６７８', '+862112345678'],
    ['+86 10 1234 5678', '+861012345678'],
    ['+86 (0)755 1234567', '+867551234567'],
    ['400-820-8820', '+864008208820'],
    ['+1 415 555 0100', '+14155550100'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+852 9123 4567', '+85291234567'],
    ['00852 9123 4567', '+85291234567'],
    ['+65 6123 4567', '+6561234567'],
  ])('%j -> %s', (raw, e164) => {
    expect(normalisePhone(raw)).toEqual({ ok: true, value: e164 });
  });

  it('reads a number handed over by a JSON or Excel reader', () => {
    expect(normalisePhone(13912345678)).toEqual({ ok: true, value: '+8613912345678' });
    expect(normalisePhone(13912345678, { defaultCountry: 'CN' })).toEqual({
      ok: true,
      value: '+8613912345678',
    });
  });

  it.each(['', '   ', 'null', 'NULL', 'N/A', 'unknown', '-', '无', null, undefined])(
    'treats blank %j as no value',
    (raw) => {
      expect(normalisePhone(raw)).toEqual({ ok: true, value: null });
    },
  );

  it.each([
    ['139-1234', 'has 7 digits; expected an 11-digit mainland mobile'],
    ['1391234567', 'has 10 digits; expected an 11-digit mainland mobile'],
    ['139123456789', 'has 12 digits; expected an 11-digit mainland mobile'],
    ['12912345678', 'starts with 12; expected an 11-digit mainland mobile'],
    ['+86 129 1234 5678', 'has 11 digits after +86'],
    ['+86 139 1234 567', 'has 10 digits after +86; expected an 11-digit mainland mobile'],
    ['12345678', 'has 8 digits'],
    ['87654321', 'has no area code; expected a mainland landline with its area code'],
    ['010-1234567', 'has 10 digits; expected a mainland landline'],
    ['010-12345678-8001', 'has 15 digits; expected a mainland landline'],
    ['010-12345678转8001', 'contains "转"'],
    ['139****5678', 'is masked'],
    ['1.39123E+10', 'digits lost to Excel'],
    ['13912345678 / 13812345678', 'contains "/"'],
    ['tel:13912345678', 'contains "t"'],
    ['139+12345678', 'contains "+"'],
    ['+44 20', 'has 4 digits after the country prefix; expected 8-15 digits'],
    ['+1 415 555 0100 1234 5', 'has 16 digits after the country prefix'],
    ['+0 123 456 789', 'not starting with 0'],
    ['55512345678', 'has 11 digits'],
  ])('rejects %j: %s', (raw, message) => {
    const result = normalisePhone(raw);
    expect(result).toMatchObject({ ok: false, reason: 'bad_phone' });
    if (!result.ok) expect(result.message).toContain(message);
    if (!result.ok) expect(result.message).toContain(JSON.stringify(raw));
  });

  it('says what it found and what it expected', () => {
    const result = normalisePhone('139-1234');
    expect(result.ok ? '' : result.message).toMatchInlineSnapshot(
      `"phone "139-1234" has 7 digits; expected an 11-digit mainland mobile (1[3-9]xxxxxxxxx), optionally with +86"`,
    );
  });
});

describe('isMobileCN', () => {
  it.each([
    ['+8613912345678', true],
    ['+8619912345678', true],
    ['+8612912345678', false],
    ['+861012345678', false],
    ['+85291234567', false],
    ['13912345678', false],
  ])('%s -> %s', (e164, expected) => {
    expect(isMobileCN(e164)).toBe(expected);
  });
});
