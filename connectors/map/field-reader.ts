import type { MapContext, Rejection, SourceRecord } from '../connector.ts';
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
    if (s === null || isBlank(s)) return this.missing(path, opt);
    return s;
  }

  phone(path: string, opt: Opt = {}): string | null {
    return this.check(path, normalisePhone(this.scalar(path), { defaultCountry: 'CN' }), opt);
  }

  email(path: string, opt: Opt = {}): string | null {
    return this.check(path, normaliseEmail(this.scalar(path)), opt);
  }

  name(path: string, opt: Opt = {}): string | null {
    return this.check(path, normaliseName(this.scalar(path)), opt)?.full ?? null;
  }

  nationalId(path: string, opt: Opt = {}): ResidentId | null {
    return this.check(path, normaliseNationalId(this.scalar(path)), opt);
  }

  gender(path: string, opt: Opt = {}): 'male' | 'female' | null {
    return this.check(path, normaliseGender(this.scalar(path)), opt);
  }

  timestamp(path: string, opt: Opt = {}): Date | null {
    return this.check(path, parseTimestamp(this.scalar(path), { timezone: this.ctx.timezone }), opt);
  }

  date(path: string, opt: Opt = {}): string | null {
    return this.check(path, parseDate(this.scalar(path)), opt);
  }

  /** An exact decimal as a string with two places ('12.50'). */
  amount(path: string, opt: Opt = {}): string | null {
    return this.check(path, parseAmount(this.scalar(path)), opt);
  }

  number(path: string, opt: Opt = {}): number | null {
    return this.check(path, parseNumber(this.scalar(path)), opt);
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
