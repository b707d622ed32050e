import { describe, expect, it } from 'vitest';
import { normalisePhone, quote, required } from './index.ts';

describe('required', () => {
  it('turns a blank value into missing_field', () => {
    expect(required(normalisePhone(''), 'member_phone')).toEqual({
      ok: false,
      reason: 'missing_field',
      message: 'member_phone is empty; expected a value',
    });
  });

  it('passes values and rejections through', () => {
    expect(required(normalisePhone('13912345678'), 'member_phone')).toEqual({
      ok: true,
      value: '+8613912345678',
    });
    expect(required(normalisePhone('139'), 'member_phone')).toMatchObject({ ok: false, reason: 'bad_phone' });
  });
});

describe('quote', () => {
  it.each([
    ['139-1234', '"139-1234"'],
    [' 王小明 ', '" 王小明 "'],
    ['a"b', '"a\\"b"'],
    [12.5, '"12.5"'],
    ['x'.repeat(100), `"${'x'.repeat(60)}…"`],
  ])('%j -> %s', (raw, quoted) => {
    expect(quote(raw)).toBe(quoted);
  });
});
