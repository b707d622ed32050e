// Gender codes. WeChat, ISO/IEC 5218 and GB/T 2261.1 agree on 1 = male, 2 = female, 0 = unknown
// (9 = not applicable); FHIR uses words and adds 'other'. Only male and female are stored; anything
// that says "not known" or "not one of the two" is null, not an error.

import { isBlank } from './blank.ts';
import { toHalfWidth, ZERO_WIDTH } from './full-width.ts';
import { fail, ok, quote } from './result.ts';
import type { Normalised, RawValue } from './result.ts';

export type Gender = 'male' | 'female';

const CODES: ReadonlyMap<string, Gender | null> = new Map<string, Gender | null>([
  ...['男', '男性', 'm', 'male', 'man', '1', '1.0'].map((k) => [k, 'male'] as const),
  ...['女', '女性', 'f', 'female', 'woman', '2', '2.0'].map((k) => [k, 'female'] as const),
  // 保密 is Taobao's and WeChat's "prefers not to say".
  ...['0', '9', 'u', 'o', 'unknown', 'other', '未知', '保密', '其他', '未说明'].map(
    (k) => [k, null] as const,
  ),
]);

/** Normalises a gender code to 'male', 'female' or null (unknown, other, not stated). */
export function normaliseGender(raw: RawValue): Normalised<Gender | null> {
  if (isBlank(raw)) return ok(null);
  const key = toHalfWidth(String(raw)).replace(ZERO_WIDTH, '').trim().toLowerCase();
  const gender = CODES.get(key);
  if (gender !== undefined) return ok(gender);
  return fail(
    'bad_gender',
    `gender ${quote(raw)} is not a known code; expected 男/女, M/F, male/female or 1/2 (0, U, unknown, other: not known)`,
  );
}
