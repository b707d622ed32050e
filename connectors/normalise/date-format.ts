// Explicit date formats, for mapping files that say how a source writes its dates ('DD/MM/YYYY',
// 'YYYYMMDDHHmmss'). Tokens: YYYY MM DD HH mm ss SSS; any other character is matched literally.
// A token between two literals also matches one digit ('2025/3/5 9:07' under 'YYYY/MM/DD HH:mm'),
// because Excel and many tills drop leading zeros; tokens written back to back need every digit.

import { isBlank } from './blank.ts';
import { dateProblem, timeProblem } from './calendar.ts';
import type { LocalDateTime } from './calendar.ts';
import { toHalfWidth, ZERO_WIDTH } from './full-width.ts';
import { fail, ok, quote } from './result.ts';
import type { Normalised, RawValue } from './result.ts';

type Token = 'YYYY' | 'MM' | 'DD' | 'HH' | 'mm' | 'ss' | 'SSS';
const TOKENS: readonly Token[] = ['YYYY', 'SSS', 'MM', 'DD', 'HH', 'mm', 'ss'];
const FIELD: Record<Token, keyof LocalDateTime> = {
  YYYY: 'year',
  MM: 'month',
  DD: 'day',
  HH: 'hour',
  mm: 'minute',
  ss: 'second',
  SSS: 'millisecond',
};

/** A format compiled once and applied to every value of a column. */
export interface DateFormat {
  readonly format: string;
  /** True when the format has an hour, so its values are timestamps rather than calendar dates. */
  readonly hasTime: boolean;
  /** The wall-clock fields of `text` (fields absent from the format are 0), or null if it does not match. */
  match(text: string): LocalDateTime | null;
}

const compiled = new Map<string, DateFormat>();

/** Compiles a format string; throws a RangeError for a format without YYYY, MM and DD (a mapping-file bug). */
export function compileFormat(format: string): DateFormat {
  const cached = compiled.get(format);
  if (cached !== undefined) return cached;
  const parts: (Token | string)[] = [];
  for (let i = 0; i < format.length;) {
    const token = TOKENS.find((t) => format.startsWith(t, i));
    if (token !== undefined) {
      parts.push(token);
      i += token.length;
    } else {
      parts.push(format[i] as string);
      i += 1;
    }
  }
  const isToken = (p: Token | string | undefined): p is Token => TOKENS.includes(p as Token);
  const tokens = parts.filter(isToken);
  const missing = (['YYYY', 'MM', 'DD'] as const).filter((t) => !tokens.includes(t));
  const repeated = tokens.find((t, i) => tokens.indexOf(t) !== i);
  const problem =
    missing.length > 0
      ? `lacks ${missing.join(', ')}`
      : repeated !== undefined
        ? `repeats ${repeated}`
        : null;
  if (problem !== null) {
    throw new RangeError(
      `date format ${JSON.stringify(format)} ${problem}; expected each of YYYY, MM, DD once, optionally HH, mm, ss, SSS`,
    );
  }
  const source = parts
    .map((p, i) => {
      if (!isToken(p)) return p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (p === 'YYYY') return '(\\d{4})';
      if (p === 'SSS') return '(\\d{1,9})';
      const alone = !isToken(parts[i - 1]) && !isToken(parts[i + 1]);
      return alone ? '(\\d{1,2})' : '(\\d{2})';
    })
    .join('');
  const regex = new RegExp(`^${source}$`);
  const result: DateFormat = {
    format,
    hasTime: tokens.includes('HH'),
    match(text) {
      const m = regex.exec(text);
      if (!m) return null;
      const fields: LocalDateTime = {
        year: 0,
        month: 0,
        day: 0,
        hour: 0,
        minute: 0,
        second: 0,
        millisecond: 0,
      };
      tokens.forEach((t, i) => {
        const digits = m[i + 1] as string;
        // Fractions are read as fractions: '.5' is 500 ms, and digits past milliseconds are dropped.
        fields[FIELD[t]] = t === 'SSS' ? Number(digits.padEnd(3, '0').slice(0, 3)) : Number(digits);
      });
      return fields;
    },
  };
  compiled.set(format, result);
  return result;
}

/** What is impossible about parsed wall-clock fields (a calendar date, hours, years before 1900), or null. */
export function localProblem(t: LocalDateTime): string | null {
  if (t.year < 1900) return `year ${t.year} is before 1900`;
  return dateProblem(t.year, t.month, t.day) ?? timeProblem(t);
}

/** Parses a value in the named format into wall-clock fields (bad_timestamp if it has a time, else bad_date). */
export function parseWithFormat(raw: RawValue, format: string): Normalised<LocalDateTime | null> {
  if (isBlank(raw)) return ok(null);
  const f = compileFormat(format);
  const kind = f.hasTime ? 'timestamp' : 'date';
  const reason = f.hasTime ? 'bad_timestamp' : 'bad_date';
  const text = cleanDateText(raw);
  if (isZeroDate(text)) return ok(null);
  const fields = f.match(text);
  if (fields === null) return fail(reason, `${kind} ${quote(raw)} does not match the format ${format}`);
  const problem = localProblem(fields);
  if (problem !== null) return fail(reason, `${kind} ${quote(raw)} is impossible: ${problem}`);
  return ok(fields);
}

/** The raw value with full-width characters folded, zero-width characters removed and whitespace trimmed. */
export function cleanDateText(raw: RawValue): string {
  return toHalfWidth(String(raw)).replace(ZERO_WIDTH, '').trim().replace(/\s+/g, ' ');
}

/** True for MySQL's zero date ('0000-00-00', '0000-00-00 00:00:00', '00000000'), its way of writing "no date". */
export function isZeroDate(text: string): boolean {
  return /^0{4}[-/.]?0{2}[-/.]?0{2}(?:[ T]?0{2}:?0{2}(?::?0{2}(?:\.0+)?)?)?$/.test(text);
}
