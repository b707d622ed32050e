// PRC resident identity numbers (GB 11643-1999): 6-digit region code, YYYYMMDD birth date, a
// 3-digit sequence whose last digit is odd for men, and an ISO 7064 MOD 11-2 check character.
// First-generation cards (before 1999) have 15 digits: a YYMMDD date in the 1900s and no check
// character; they are upgraded so one person has one ID whichever card a source copied.

import { isBlank } from './blank.ts';
import { dateProblem, isoDate } from './calendar.ts';
import { toHalfWidth, ZERO_WIDTH } from './full-width.ts';
import { fail, ok, quote } from './result.ts';
import type { Normalised, RawValue, Rejection } from './result.ts';

/** An 18-character resident ID with the facts it encodes. */
export interface ResidentId {
  id: string;
  /** 'YYYY-MM-DD'. */
  birthDate: string;
  gender: 'male' | 'female';
  /** Administrative division where the ID was first issued (GB/T 2260). */
  regionCode: string;
}

export interface ResidentIdOptions {
  /** The moment birth dates must not be after; defaults to now (tests pin it). */
  now?: Date;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
// Province-level codes of GB/T 2260, plus 81-83 for Hong Kong, Macau and Taiwan residence permits.
// Foreign permanent residents' cards (2023 on) start with 9 and use the same layout and check.
// prettier-ignore
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43',
  '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
]);
const CHINA_UTC_OFFSET_MS = 8 * 3_600_000;

/** The MOD 11-2 check character ('0'-'9' or 'X') of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/** Normalises a resident ID (18 characters, or 15 digits upgraded to 18) and reads its facts. */
export function normaliseNationalId(
  raw: RawValue,
  opts: ResidentIdOptions = {},
): Normalised<ResidentId | null> {
  if (isBlank(raw)) return ok(null);
  const bad = (why: string): Rejection => fail('bad_national_id', `national ID ${quote(raw)} ${why}`);
  const text = toHalfWidth(String(raw)).replace(ZERO_WIDTH, '').replace(/\s/g, '').toUpperCase();
  let id: string;
  if (/^\d{15}$/.test(text)) {
    const first17 = `${text.slice(0, 6)}19${text.slice(6)}`;
    id = first17 + residentIdCheckChar(first17);
  } else if (/^\d{17}[\dX]$/.test(text)) {
    id = text;
  } else if (text.length === 18 || text.length === 15) {
    return bad('contains characters other than digits and a final X');
  } else {
    return bad(
      `has ${text.length} characters; expected 18 (17 digits and a check digit 0-9 or X) or 15 digits`,
    );
  }

  const province = id.slice(0, 2);
  if (!PROVINCES.has(province) && !id.startsWith('9')) {
    return bad(`starts with ${province}, which is no province code; expected a region code like 110105`);
  }
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const problem = dateProblem(year, month, day);
  if (problem !== null) return bad(`has birth date ${id.slice(6, 14)}, but ${problem}`);
  const birthDate = isoDate(year, month, day);
  const today = new Date((opts.now ?? new Date()).getTime() + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 10);
  if (year < 1900) return bad(`has birth date ${birthDate}, before 1900`);
  if (birthDate > today) return bad(`has birth date ${birthDate}, which is in the future`);
  const check = residentIdCheckChar(id);
  if (id[17] !== check) {
    return bad(
      `has check digit ${id[17] as string}; expected ${check} for the first 17 digits (ISO 7064 MOD 11-2)`,
    );
  }
  const gender = Number(id[16]) % 2 === 1 ? 'male' : 'female';
  return ok({ id, birthDate, gender, regionCode: id.slice(0, 6) });
}
