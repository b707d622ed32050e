// Phone numbers to E.164. Chinese exports spell a mobile a dozen ways (spaces, dashes, +86, 0086,
// (+86), full-width digits) and Excel turns it into '13912345678.0' or '1.3912345678E10'; all of
// them must give the same '+8613912345678', because identity resolution matches on it.

import { isBlank } from './blank.ts';
import { toHalfWidth, ZERO_WIDTH } from './full-width.ts';
import { fail, ok, quote } from './result.ts';
import type { Normalised, RawValue, Rejection } from './result.ts';

export interface PhoneOptions {
  /** Country of numbers written without a country code; only mainland China is supported. */
  defaultCountry?: 'CN';
}

const MOBILE_CN = /^1[3-9]\d{9}$/;
// Area codes: 010 and 020-029 are two digits after the trunk 0 and take 8-digit numbers; the rest
// are three digits after it and take 7 or 8.
const LANDLINE_CN = /^(?:(?:10|2\d)\d{8}|[3-9]\d{2}\d{7,8})$/;
// Nationwide 400/800 service numbers: no area code, no trunk 0.
const SERVICE_CN = /^[48]00\d{7}$/;
const SEPARATORS = /[\s.\-\u2013\u2014()]/g;
const EXPECTED = 'expected an 11-digit mainland mobile (1[3-9]xxxxxxxxx), optionally with +86';
const EXPECTED_LANDLINE = 'expected a mainland landline with its area code (010-12345678, 0755-1234567)';
const EXPECTED_ANY =
  'expected a mainland mobile (1[3-9]xxxxxxxxx) or landline with area code (010-12345678), or +country code';

/** Normalises a phone to E.164 ('+8613912345678'); numbers of other countries need their '+' code. */
export function normalisePhone(raw: RawValue, _opts: PhoneOptions = {}): Normalised<string | null> {
  if (isBlank(raw)) return ok(null);
  const text = toHalfWidth(String(raw)).replace(ZERO_WIDTH, '').trim();
  const bad = (why: string): Rejection => fail('bad_phone', `phone ${quote(raw)} ${why}`);
  if (text.includes('*')) return bad(`is masked; expected the full number`);
  const excel = fromExcelNumber(text);
  if (excel === 'truncated') {
    return bad('is in scientific notation with digits lost to Excel; expected the full number');
  }
  const compact = (excel ?? text).replace(SEPARATORS, '');
  const stray = /[^\d+]|(?<!^)\+/.exec(compact);
  if (stray) {
    return bad(`contains ${JSON.stringify(stray[0])}; expected only digits, spaces, dashes and a leading +`);
  }

  let international: string | undefined;
  if (compact.startsWith('+')) international = compact.slice(1);
  else if (compact.startsWith('00')) international = compact.slice(2);
  else if (/^861[3-9]\d{9}$/.test(compact)) international = compact;
  // Without a country code the number is read as Chinese: 'CN' is the only default country so far.
  if (international === undefined) return nationalCN(compact, bad);
  if (international.startsWith('86')) return chinaNumber(international.slice(2), bad);
  if (!/^[1-9]\d{7,14}$/.test(international)) {
    return bad(
      `has ${international.length} digits after the country prefix; expected 8-15 digits, not starting with 0`,
    );
  }
  return ok(`+${international}`);
}

/** True for a mainland mobile in E.164 ('+86' then 1[3-9] and nine digits). */
export function isMobileCN(e164: string): boolean {
  return /^\+861[3-9]\d{9}$/.test(e164);
}

// Excel stores a phone typed into a General cell as a float: '13912345678.0' or '1.3912345678E10'.
// Scientific notation with fewer mantissa digits than the exponent means Excel dropped digits, and
// padding them with zeros would invent someone else's number.
function fromExcelNumber(text: string): string | 'truncated' | undefined {
  const float = /^(\d+)\.0+$/.exec(text);
  if (float) return float[1];
  const sci = /^(\d)(?:\.(\d+))?e\+?(\d{1,2})$/i.exec(text);
  if (!sci) return undefined;
  const digits = `${sci[1] as string}${sci[2] ?? ''}`;
  const exponent = Number(sci[3]);
  if (digits.length - 1 > exponent) return undefined;
  if (digits.length - 1 < exponent) return 'truncated';
  return digits;
}

// A number written with +86: the trunk 0 should be gone, but '+86 0755 1234567' is common.
function chinaNumber(national: string, bad: (why: string) => Rejection): Normalised<string | null> {
  const digits = national.startsWith('0') ? national.slice(1) : national;
  if (MOBILE_CN.test(digits) || LANDLINE_CN.test(digits) || SERVICE_CN.test(digits)) {
    return ok(`+86${digits}`);
  }
  if (digits.startsWith('1')) return bad(`has ${digits.length} digits after +86; ${EXPECTED}`);
  return bad(`has ${digits.length} digits after +86; ${EXPECTED_LANDLINE}`);
}

function nationalCN(digits: string, bad: (why: string) => Rejection): Normalised<string | null> {
  if (MOBILE_CN.test(digits) || SERVICE_CN.test(digits)) return ok(`+86${digits}`);
  if (digits.startsWith('0')) {
    if (LANDLINE_CN.test(digits.slice(1))) return ok(`+86${digits.slice(1)}`);
    return bad(`has ${digits.length} digits; ${EXPECTED_LANDLINE}`);
  }
  if (digits.startsWith('1')) {
    if (digits.length === 11) return bad(`starts with ${digits.slice(0, 2)}; ${EXPECTED}`);
    return bad(`has ${digits.length} digits; ${EXPECTED}`);
  }
  if (digits.length === 7 || digits.length === 8) return bad(`has no area code; ${EXPECTED_LANDLINE}`);
  return bad(`has ${digits.length} digits; ${EXPECTED_ANY}`);
}
