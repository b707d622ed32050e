// The field normalisers' public face: connectors import from here only.
export type { Normalised, ReasonCode, Rejection, RawValue } from './result.ts';
export { ok, fail, quote, required } from './result.ts';
export { isBlank, BLANK_PLACEHOLDERS } from './blank.ts';
export { toHalfWidth } from './full-width.ts';
export { normalisePhone, isMobileCN, type PhoneOptions } from './phone.ts';
export { normaliseEmail } from './email.ts';
export {
  normaliseNationalId,
  residentIdCheckChar,
  type ResidentId,
  type ResidentIdOptions,
} from './resident-id.ts';
export {
  normaliseName,
  splitChineseName,
  COMPOUND_SURNAMES,
  type PersonName,
  type NameScript,
} from './name.ts';
export { daysInMonth, dateProblem, isoDate, type LocalDateTime } from './calendar.ts';
export { fixedOffsetMs, isTimeZone, zoneOffsetMs, zonedTimeToInstant } from './time-zone.ts';
export { compileFormat, parseWithFormat, isZeroDate, type DateFormat } from './date-format.ts';
export {
  parseTimestamp,
  parseDate,
  DEFAULT_DATE_FORMATS,
  type TimestampOptions,
  type DateOptions,
} from './datetime.ts';
export { parseAmount, parseNumber, parseInteger } from './money.ts';
export { normaliseGender, type Gender } from './gender.ts';
