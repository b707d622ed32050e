// Timestamps and calendar dates from exports. A timestamp is an instant: text with an offset is read
// as is, text without one is wall-clock time in the source's configured zone. A calendar date (a
// birthday, a business day) has no zone and stays a 'YYYY-MM-DD' string.

import { isBlank } from './blank.ts';
import { isoDate, utcMillis } from './calendar.ts';
import type { LocalDateTime } from './calendar.ts';
import { cleanDateText, compileFormat, isZeroDate, localProblem } from './date-format.ts';
import { fail, ok, quote } from './result.ts';
import type { Normalised, RawValue, Rejection } from './result.ts';
import { zonedTimeToInstant } from './time-zone.ts';

export interface TimestampOptions {
  /** IANA zone of values written without an offset, e.g. 'Asia/Shanghai'. */
  timezone: string;
  /** Formats to accept instead of the built-in forms (see compileFormat); values are wall-clock time in `timezone`. */
  formats?: readonly string[];
}

export interface DateOptions {
  /** Formats to accept instead of DEFAULT_DATE_FORMATS, e.g. [...DEFAULT_DATE_FORMATS, 'DD/MM/YYYY']. */
  formats?: readonly string[];
}

/** Calendar-date forms accepted by default; day-first and month-first forms are ambiguous, so opt-in only. */
export const DEFAULT_DATE_FORMATS: readonly string[] = [
  'YYYY-MM-DD',
  'YYYY/MM/DD',
  'YYYY.MM.DD',
  'YYYYMMDD',
  'YYYY年MM月DD日',
  // DATE columns exported through a DATETIME type.
  'YYYY-MM-DD 00:00:00',
  'YYYY/MM/DD 00:00:00',
];

// Date, optional time, optional offset: ISO 8601 and the 'YYYY/MM/DD HH:mm' family tills write.
const SEPARATED =
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:T| +)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? *(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const CHINESE = /^(\d{4})年(\d{1,2})月(\d{1,2})日(?: *(\d{1,2})[:时](\d{2})分?(?:[:分]?(\d{2})秒?)?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/;
const EXPECTED_TIMESTAMP =
  'expected ISO 8601 (2025-03-01T10:00:00+08:00), YYYY-MM-DD HH:mm:ss, YYYY/MM/DD HH:mm, YYYYMMDDHHmmss, ' +
  'YYYY-MM-DD, or epoch seconds (10 digits) or milliseconds (13 digits)';

/** Parses a timestamp to an instant; text without an offset is wall-clock time in `opts.timezone`. */
export function parseTimestamp(raw: RawValue, opts: TimestampOptions): Normalised<Date | null> {
  if (isBlank(raw)) return ok(null);
  const text = cleanDateText(raw);
  if (isZeroDate(text)) return ok(null);
  const bad = (why: string): Rejection => fail('bad_timestamp', `timestamp ${quote(raw)} ${why}`);
  if (opts.formats !== undefined) {
    for (const format of opts.formats) {
      const fields = compileFormat(format).match(text);
      if (fields !== null) return toInstant(fields, null, opts.timezone, bad);
    }
    return bad(`matches none of the formats ${opts.formats.join(', ')}`);
  }
  if (/^\d{10}$/.test(text)) return ok(new Date(Number(text) * 1000));
  if (/^\d{13}$/.test(text)) return ok(new Date(Number(text)));
  const parsed = builtInForm(text);
  if (parsed === null) return bad(`is not in a recognised form; ${EXPECTED_TIMESTAMP}`);
  return toInstant(parsed.fields, parsed.offset, opts.timezone, bad);
}

/** Parses a calendar date to 'YYYY-MM-DD' (any time part of a datetime format is dropped). */
export function parseDate(raw: RawValue, opts: DateOptions = {}): Normalised<string | null> {
  if (isBlank(raw)) return ok(null);
  const text = cleanDateText(raw);
  if (isZeroDate(text)) return ok(null);
  const formats = opts.formats ?? DEFAULT_DATE_FORMATS;
  for (const format of formats) {
    const fields = compileFormat(format).match(text);
    if (fields === null) continue;
    const problem = localProblem(fields);
    if (problem !== null) return fail('bad_date', `date ${quote(raw)} is impossible: ${problem}`);
    return ok(isoDate(fields.year, fields.month, fields.day));
  }
  return fail('bad_date', `date ${quote(raw)} is not in a recognised form; expected ${formats.join(', ')}`);
}

function builtInForm(text: string): { fields: LocalDateTime; offset: string | null } | null {
  const m = SEPARATED.exec(text);
  if (m) {
    // An offset means nothing on a bare date.
    if (m[9] !== undefined && m[5] === undefined) return null;
    return { fields: fieldsOf(m[1], m[3], m[4], m[5], m[6], m[7], m[8]), offset: m[9] ?? null };
  }
  const c = CHINESE.exec(text) ?? COMPACT.exec(text);
  if (c) return { fields: fieldsOf(c[1], c[2], c[3], c[4], c[5], c[6], undefined), offset: null };
  return null;
}

function fieldsOf(...parts: (string | undefined)[]): LocalDateTime {
  const [year, month, day, hour, minute, second, fraction] = parts.map((p) => p ?? '0') as string[];
  return {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
    millisecond: Number((fraction as string).padEnd(3, '0').slice(0, 3)),
  };
}

function toInstant(
  fields: LocalDateTime,
  offset: string | null,
  timezone: string,
  bad: (why: string) => Rejection,
): Normalised<Date | null> {
  const problem = localProblem(fields);
  if (problem !== null) return bad(`is impossible: ${problem}`);
  if (offset === null) return ok(zonedTimeToInstant(fields, timezone));
  if (offset.toUpperCase() === 'Z') return ok(new Date(utcMillis(fields)));
  const sign = offset.startsWith('-') ? -1 : 1;
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.replace(':', '').slice(3, 5) || '0');
  if (hours > 14 || minutes > 59) return bad(`has offset ${offset}; expected -12:00 to +14:00`);
  return ok(new Date(utcMillis(fields) - sign * (hours * 60 + minutes) * 60_000));
}
