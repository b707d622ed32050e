import type { ColumnDef } from '../../../warehouse/index.ts';
import type { Rejection } from '../../connector.ts';
import { paymentMethod } from '../../map/person.ts';
import {
  isBlank,
  normaliseEmail,
  normaliseGender,
  normaliseName,
  normaliseNationalId,
  normalisePhone,
  ok,
  parseAmount,
  parseDate,
  parseInteger,
  parseNumber,
  parseTimestamp,
  quote,
  toHalfWidth,
  type Normalised,
  type RawValue,
} from '../../normalise/index.ts';

/** A normalised value, or why not: the normalisers' reasons plus invalid_record for a value outside a vocabulary. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: Rejection['reason']; message: string };

/** Turns one raw value into a canonical column's value; `timezone` is for timestamps without an offset. */
export type ColumnNormaliser = (raw: RawValue, timezone: string) => Checked<unknown>;

type Normaliser = (raw: RawValue) => Normalised<string | null>;

const then = <A, B>(r: Normalised<A | null>, f: (a: A) => B): Normalised<B | null> =>
  r.ok ? ok(r.value === null ? null : f(r.value)) : r;

/** Trimmed text; blank and placeholders ('null', 'N/A') are null. */
export const text: Normaliser = (raw) => {
  if (isBlank(raw)) return ok(null);
  const s = String(raw).trim();
  return ok(isBlank(s) ? null : s);
};

// IDs copied by hand pick up full-width digits and spaces; neither is ever part of the ID.
const opaqueId: Normaliser = (raw) => then(text(raw), (s) => toHalfWidth(s).replace(/\s+/g, ''));

/**
 * Normalisers of the identifier types identity resolution matches on (phones to E.164, emails
 * lower-cased, PRC resident IDs check-digit verified); the other identifiers are opaque strings.
 */
export const IDENTIFIERS: Readonly<Record<string, Normaliser>> = {
  phone: (raw) => normalisePhone(raw, { defaultCountry: 'CN' }),
  email: normaliseEmail,
  national_id: (raw) => then(normaliseNationalId(raw), (id) => id.id),
  insurance_id: opaqueId,
  union_id: opaqueId,
  open_id: opaqueId,
  platform_user_id: opaqueId,
  member_card: opaqueId,
  device_id: opaqueId,
  account_code: opaqueId,
};

const name: Normaliser = (raw) => then(normaliseName(raw), (n) => n.full);

const BY_NAME: Readonly<Record<string, Normaliser>> = {
  ...IDENTIFIERS,
  full_name: name,
  family_name: name,
  given_name: name,
  gender: normaliseGender,
  payment_method: (raw) => then(text(raw), (s) => paymentMethod(s) ?? s),
};

const CONSENT_STATUSES = new Set(['granted', 'withdrawn']);

// Columns whose values the rest of cdp compares against a fixed vocabulary.
const VOCABULARY: Readonly<Record<string, (raw: RawValue) => Checked<string | null>>> = {
  'consents.status': (raw) => {
    const r = then(text(raw), (s) => s.toLowerCase());
    if (!r.ok || r.value === null || CONSENT_STATUSES.has(r.value)) return r;
    return {
      ok: false,
      reason: 'invalid_record',
      message: `consent status ${quote(raw)} is neither granted nor withdrawn; map the source's values with "values"`,
    };
  },
  'consents.identifier_type': (raw) => then(text(raw), (s) => s.toLowerCase()),
};

/** How a column of a target table is validated: by its name where it has a meaning, else by its type. */
export function columnNormaliser(target: string, column: ColumnDef, format?: string): ColumnNormaliser {
  const special = VOCABULARY[`${target}.${column.name}`] ?? BY_NAME[column.name];
  if (special) return (raw) => special(raw);
  const formats = format === undefined ? undefined : [format];
  switch (column.type) {
    case 'date':
      return (raw) => parseDate(raw, formats ? { formats } : {});
    case 'timestamptz':
      return (raw, timezone) => parseTimestamp(raw, formats ? { timezone, formats } : { timezone });
    case 'money':
      return (raw) => parseAmount(raw);
    case 'double':
      return (raw) => parseNumber(raw);
    case 'integer':
    case 'bigint':
      return (raw) => parseInteger(raw);
    default:
      return (raw) => text(raw);
  }
}
