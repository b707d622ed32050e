import { describe, expect, it } from 'vitest';
import { normaliseGender } from './index.ts';

describe('normaliseGender', () => {
  it.each([
    ['男', 'male'],
    ['男性', 'male'],
    ['M', 'male'],
    ['m', 'male'],
    ['male', 'male'],
    ['Male', 'male'],
    [' MALE ', 'male'],
    ['Ｍ', 'male'],
    ['1', 'male'],
    [1, 'male'],
    ['女', 'female'],
    ['女性', 'female'],
    ['F', 'female'],
    ['female', 'female'],
    ['2', 'female'],
    [2, 'female'],
    // WeChat, ISO/IEC 5218 and GB/T 2261.1: 0 unknown, 9 not applicable. FHIR: other, unknown.
    ['0', null],
    [0, null],
    ['9', null],
    ['未知', null],
    ['保密', null],
    ['U', null],
    ['other', null],
    ['unknown', null],
    ['', null],
    ['NULL', null],
    ['-', null],
    [null, null],
  ])('%j -> %s', (raw, gender) => {
    expect(normaliseGender(raw)).toEqual({ ok: true, value: gender });
  });

  it.each(['3', 'X', '男女', 'mal', 'boy', -1])('rejects %j', (raw) => {
    expect(normaliseGender(raw)).toEqual({
      ok: false,
      reason: 'bad_gender',
      message: `gender ${JSON.stringify(String(raw))} is not a known code; expected 男/女, M/F, male/female or 1/2 (0, U, unknown, other: not known)`,
    });
  });
});
