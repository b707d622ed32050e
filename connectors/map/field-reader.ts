import type { MapContext, Rejection, SourceRecord } from '../connector.ts';
import { Memo, MemoBySetting } from './memo.ts';
import {
  BLANK_PLACEHOLDERS,
  daysInMonth,
  isBlank,
  normaliseEmail,
  normaliseGender,
  normaliseName,
  normaliseNationalId,
  normalisePhone,
  parseAmount,
  parseDate,
  parseNumber,
  parseTimestamp,
  type Normalised,
  type RawValue,
  type ResidentId,
} from '../normalise/index.ts';

type Opt = { required?: boolean };

// Normalisers are pure: a value seen before gets the result it got then (memo.ts). Timestamps are
// kept as epoch milliseconds so that every row gets its own Date.
const phones = new Memo((raw) => normalisePhone(raw, { defaultCountry: 'CN' }));
const emails = new Memo(normaliseEmail);
const names = new Memo(normaliseName);
const nationalIds = new Memo(normaliseNationalId);
const genders = new Memo(normaliseGender);
const dates = new Memo(parseDate);
const amounts = new Memo(parseAmount);
const numbers = new Memo(parseNumber);
const blanks = new Memo(isBlank);
const instants = new MemoBySetting((raw, timezone): Normalised<number | null> => {
  const r = parseTimestamp(raw, { timezone });
  return r.ok ? { ok: true, value: r.value === null ? null : r.value.getTime() } : r;
});

// Split dotted paths: the same few dozen paths are read on every record of a feed.
const paths = new Memo((path) => path.split('.'));

function cached<T>(memo: Memo<Normalised<T>>, raw: RawValue, compute: (raw: RawValue) => Normalised<T>) {
  return typeof raw === 'string' ? memo.get(raw) : compute(raw);
}

/**
 * Reads and normalises the fields of one record. A required field that is blank or malformed
 * fails the record (`failure`, for the quarantine); a malformed optional field is dropped and
 * noted in `invalid` (kept in the row's attributes), so a typo in an email does not lose a
 * customer's purchases. Getters return null for blank or bad values.
 */
export class FieldReader {
  failure: { reason: Rejection['reason']; message: string } | null = null;
  readonly invalid: Record<string, string> = {};

  constructor(
    private readonly record: SourceRecord,
    private readonly ctx: MapContext,
  ) {}

  /** The raw value at a dotted path (`buyer.nick`), as the file had it. */
  raw(path: string): unknown {
    if (!path.includes('.')) return this.record.fields[path];
    let v: unknown = this.record.fields;
    for (const part of paths.get(path)) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string, unknown>)[part];
    }
    return v;
  }

  /** Trimmed text; blank and placeholders ('null', 'N/A', ...) are null. */
  text(path: string, opt: Opt = {}): string | null {
    const v = this.raw(path);
    const s =
      v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v).trim();
    if (s === null || (mayBeBlank(s) && blanks.get(s))) return this.missing(path, opt);
    return s;
  }

  phone(path: string, opt: Opt = {}): string | null {
    const raw = this.scalar(path);
    return this.check(
      path,
      cached(phones, raw, (r) => normalisePhone(r, { defaultCountry: 'CN' })),
      opt,
    );
  }

  email(path: string, opt: Opt = {}): string | null {
    return this.check(path, cached(emails, this.scalar(path), normaliseEmail), opt);
  }

  name(path: string, opt: Opt = {}): string | null {
    return this.check(path, cached(names, this.scalar(path), normaliseName), opt)?.full ?? null;
  }

  nationalId(path: string, opt: Opt = {}): ResidentId | null {
    return this.check(path, cached(nationalIds, this.scalar(path), normaliseNationalId), opt);
  }

  gender(path: string, opt: Opt = {}): 'male' | 'female' | null {
    return this.check(path, cached(genders, this.scalar(path), normaliseGender), opt);
  }

  timestamp(path: string, opt: Opt = {}): Date | null {
    const raw = this.scalar(path);
    if (typeof raw === 'string') {
      const ms = isoInstantMs(raw);
      if (ms !== null) return new Date(ms);
    } else {
      return this.check(path, parseTimestamp(raw, { timezone: this.ctx.timezone }), opt);
    }
    const ms = this.check(path, instants.get(raw, this.ctx.timezone), opt);
    return ms === null ? null : new Date(ms);
  }

  date(path: string, opt: Opt = {}): string | null {
    return this.check(
      path,
      cached(dates, this.scalar(path), (r) => parseDate(r)),
      opt,
    );
  }

  /** An exact decimal as a string with two places ('12.50'). */
  amount(path: string, opt: Opt = {}): string | null {
    const raw = this.scalar(path);
    if (typeof raw === 'string' && isCanonicalAmount(raw)) return raw;
    // JSON feeds write amounts as numbers (49.9): read as their shortest text, as parseAmount does.
    if (typeof raw === 'number') {
      const amount = Number.isFinite(raw) ? amountOfNumberText(String(raw)) : null;
      if (amount !== null) return amount;
    }
    return this.check(path, cached(amounts, raw, parseAmount), opt);
  }

  number(path: string, opt: Opt = {}): number | null {
    const raw = this.scalar(path);
    if (typeof raw === 'string' && isSmallWholeNumber(raw)) return Number(raw);
    return this.check(path, cached(numbers, raw, parseNumber), opt);
  }

  /** The attributes entry for dropped optional values, or nothing when all were fine. */
  invalidAttributes(): { invalid_fields?: Record<string, string> } {
    return Object.keys(this.invalid).length ? { invalid_fields: { ...this.invalid } } : {};
  }

  /** Records a problem that is not one field's (e.g. an inconsistent total). */
  fail(reason: Rejection['reason'], message: string): void {
    this.failure ??= { reason, message };
  }

  private scalar(path: string): RawValue {
    const v = this.raw(path);
    return typeof v === 'string' || typeof v === 'number'
      ? v
      : v === null || v === undefined
        ? null
        : JSON.stringify(v);
  }

  private check<T>(path: string, result: Normalised<T | null>, opt: Opt): T | null {
    if (!result.ok) {
      if (opt.required) this.failure ??= { reason: result.reason, message: `${path}: ${result.message}` };
      else this.invalid[path] = result.message;
      return null;
    }
    if (result.value === null) return this.missing(path, opt);
    return result.value;
  }

  private missing(path: string, opt: Opt): null {
    if (opt.required)
      this.failure ??= { reason: 'missing_field', message: `${path} is empty; the record needs it` };
    return null;
  }
}

// Whether a trimmed value may be a placeholder ('null', 'N/A', '无'...), judged by its first
// character: isBlank folds full-width forms, drops zero-width characters, trims and lower-cases,
// none of which changes a printable ASCII character or a common CJK ideograph at the start. So
// receipt numbers, cards, addresses and titles skip both isBlank and its cache.
function mayBeBlank(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c > 0x20 && c < 0x7f) return PLACEHOLDER_STARTS.has(c);
  if (c >= 0x4e00 && c <= 0x9fff) return PLACEHOLDER_STARTS.has(c);
  return true;
}
const PLACEHOLDER_STARTS: ReadonlySet<number> = new Set(
  [...BLANK_PLACEHOLDERS].flatMap((p) =>
    p ? [p.charCodeAt(0), p.toUpperCase().charCodeAt(0), p.toLowerCase().charCodeAt(0)] : [],
  ),
);

// 'YYYY-MM-DDTHH:MM:SS+HH:MM' (or Z), as JSON exports write instants: its epoch milliseconds when
// the fields are real, as parseTimestamp reads it; null for any other form (parseTimestamp decides).
function isoInstantMs(s: string): number | null {
  const n = s.length;
  if ((n !== 25 && n !== 20) || s.charCodeAt(10) !== 84 /* T */) return null;
  if (
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  ) {
    return null;
  }
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  if (n === 20) return s.charCodeAt(19) === 90 /* Z */ ? local : null;
  const sign = s.charCodeAt(19);
  if ((sign !== 43 && sign !== 45) || s.charCodeAt(22) !== 58) return null;
  const offHours = digits(s, 20, 2);
  const offMinutes = digits(s, 23, 2);
  if (offHours < 0 || offHours > 14 || offMinutes < 0 || offMinutes > 59) return null;
  return local - (sign === 45 ? -1 : 1) * (offHours * 60 + offMinutes) * 60_000;
}

// The number written in s[at, at + count) in ASCII digits, or -1.
function digits(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

// A number's shortest text ('49.9', '6', '0.05') as parseAmount writes it ('49.90', '6.00',
// '0.05'), when it is plain digits with at most two decimals; null otherwise (parseAmount decides).
function amountOfNumberText(s: string): string | null {
  const dot = s.indexOf('.');
  const whole = dot < 0 ? s.length : dot;
  const decimals = dot < 0 ? 0 : s.length - dot - 1;
  if (whole === 0 || decimals > 2 || (dot >= 0 && decimals === 0)) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (i !== dot && (c < 48 || c > 57)) return null;
  }
  if (whole > 1 && s.charCodeAt(0) === 48) return null;
  return dot < 0 ? `${s}.00` : decimals === 1 ? `${s}0` : s;
}

// '12.50', '0.00': already what parseAmount returns (digits without a leading zero, two decimals).
function isCanonicalAmount(s: string): boolean {
  const dot = s.length - 3;
  if (dot < 1 || s.charCodeAt(dot) !== 46 || (s.charCodeAt(0) === 48 && dot > 1)) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (i !== dot && (c < 48 || c > 57)) return false;
  }
  return true;
}

// '2', '15': digits only, which parseNumber reads as Number does.
function isSmallWholeNumber(s: string): boolean {
  if (s.length === 0 || s.length > 15) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
