// Amounts and numbers. Money is parsed and rounded on the decimal string (with BigInt for the carry),
// never through a float: 0.1 + 0.2 must not become a 0.30000000000000004 yuan refund.

import { isBlank } from './blank.ts';
import { toHalfWidth, ZERO_WIDTH } from './full-width.ts';
import { fail, ok, quote } from './result.ts';
import type { Normalised, RawValue, Rejection } from './result.ts';

// Digits with correct thousands grouping or none, then an optional fraction; or a bare fraction.
const DECIMAL = /^(?:(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?|\.(\d+))$/;
// A sign, before or after the currency, the number, then the currency word some tills append.
const AMOUNT = /^([+-]?) *(?:¥|RMB|CNY|人民币)? *([+-]?) *([\d,.]+) *(?:元|RMB|CNY)?$/i;
const EXPECTED_AMOUNT =
  "expected a decimal amount such as '1234.50', '¥12.50', '12.5元', 'RMB 1,234.00' or '(3.00)'";

/** Parses a money amount to a decimal string with two fraction digits ('1234.50'), rounding half away from zero. */
export function parseAmount(raw: RawValue): Normalised<string | null> {
  if (isBlank(raw)) return ok(null);
  const bad = (why: string): Rejection =>
    fail('bad_amount', `amount ${quote(raw)} ${why}; ${EXPECTED_AMOUNT}`);
  let text = cleanNumberText(raw);
  // Accounting notation: '(3.00)' is minus three.
  const parens = /^\( *(.*?) *\)$/.exec(text);
  if (parens) text = parens[1] as string;
  const parts = AMOUNT.exec(text);
  if (!parts) return bad('is not a number');
  const signs = (parts[1] as string) + (parts[2] as string) + (parens ? '-' : '');
  if (signs.length > 1) return bad('has more than one sign');
  const m = DECIMAL.exec(parts[3] as string);
  if (!m) return bad('is not a number');
  const whole = (m[1] ?? '0').replaceAll(',', '');
  const fraction = m[2] ?? m[3] ?? '';
  // Cents from the first two fraction digits; the third decides the rounding, away from zero because
  // the sign is applied afterwards.
  let cents = BigInt(whole + fraction.padEnd(2, '0').slice(0, 2));
  if ((fraction[2] ?? '0') >= '5') cents += 1n;
  const digits = cents.toString().padStart(3, '0');
  const amount = `${digits.slice(0, -2)}.${digits.slice(-2)}`;
  return ok(signs === '-' && cents !== 0n ? `-${amount}` : amount);
}

/** Parses a decimal number ('1,234.5', '-3', '1.5e3', full-width digits) to a finite number. */
export function parseNumber(raw: RawValue): Normalised<number | null> {
  if (isBlank(raw)) return ok(null);
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? ok(raw) : fail('bad_number', `number ${quote(raw)} is not finite`);
  }
  const text = cleanNumberText(raw);
  if (!/^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+|(?=\.\d))(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(text)) {
    return fail(
      'bad_number',
      `number ${quote(raw)} is not a number; expected digits like 1234.5, -3 or 1,234`,
    );
  }
  const value = Number(text.replaceAll(',', ''));
  if (!Number.isFinite(value)) return fail('bad_number', `number ${quote(raw)} is too large`);
  return ok(value);
}

/** Parses a whole number (Excel's '3.0' included) within the safe integer range. */
export function parseInteger(raw: RawValue): Normalised<number | null> {
  const parsed = parseNumber(raw);
  if (!parsed.ok || parsed.value === null) return parsed;
  if (!Number.isInteger(parsed.value)) {
    return fail(
      'bad_number',
      `number ${quote(raw)} is not a whole number; expected an integer like 3 or -12`,
    );
  }
  if (!Number.isSafeInteger(parsed.value)) {
    return fail(
      'bad_number',
      `number ${quote(raw)} is beyond ±${Number.MAX_SAFE_INTEGER}; expected a smaller integer`,
    );
  }
  return parsed;
}

// Spaces inside the digits stay, so '12 34' is rejected rather than read as 1234.
function cleanNumberText(raw: RawValue): string {
  return toHalfWidth(String(raw))
    .replace(ZERO_WIDTH, '')
    .trim()
    .replace(/[\u2212\u2012\u2013]/g, '-');
}
