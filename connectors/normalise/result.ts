// The result every normaliser returns: connectors quarantine a record with a reason code and a
// message a person can act on, instead of catching exceptions field by field.

/** Why a field was rejected; one code per kind of field so quarantine counts group sensibly. */
export type ReasonCode =
  | 'missing_field'
  | 'bad_phone'
  | 'bad_email'
  | 'bad_national_id'
  | 'bad_name'
  | 'bad_date'
  | 'bad_timestamp'
  | 'bad_amount'
  | 'bad_number'
  | 'bad_gender';

/** A normalised value, or the reason it could not be normalised. */
export type Normalised<T> = { ok: true; value: T } | { ok: false; reason: ReasonCode; message: string };

/** A rejected field: the code for counting and the message for the person fixing the source. */
export type Rejection = Extract<Normalised<unknown>, { ok: false }>;

/** What normalisers accept: exports hand over strings, but JSON and Excel readers also give numbers. */
export type RawValue = string | number | null | undefined;

/** Wraps a normalised value. */
export function ok<T>(value: T): Normalised<T> {
  return { ok: true, value };
}

/** Builds a rejection; `message` says what was found and what was expected. */
export function fail(reason: ReasonCode, message: string): Rejection {
  return { ok: false, reason, message };
}

const MAX_QUOTED = 60;

/** The raw input as it appears in messages: JSON-quoted so blanks and odd characters show, and cut short. */
export function quote(raw: RawValue): string {
  const text = String(raw);
  return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
}

/** Turns a blank (null) value of a required field into a `missing_field` rejection. */
export function required<T>(result: Normalised<T | null>, field: string): Normalised<T> {
  if (!result.ok) return result;
  if (result.value === null) return fail('missing_field', `${field} is empty; expected a value`);
  return { ok: true, value: result.value };
}
