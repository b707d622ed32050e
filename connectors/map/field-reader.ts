import type { MapContext, Rejection, SourceRecord } from '../connector.ts';
import { Memo, MemoBySetting } from './memo.ts';
import {
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
    for (const part of path.split('.')) {
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
    if (s === null || (!startsWithDigit(s) && blanks.get(s))) return this.missing(path, opt);
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
    if (typeof raw !== 'string') {
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

// A trimmed value starting with an ASCII digit is never a placeholder ('null', 'N/A', '无'...), so
// receipt numbers and cards skip both isBlank and its cache.
function startsWithDigit(s: string): boolean {
  const c = s.charCodeAt(0);
  return c >= 48 && c <= 57;
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
