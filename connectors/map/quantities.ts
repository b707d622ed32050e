import type { FieldReader } from './field-reader.ts';

/**
 * A number within [min, max] (whole when `whole`); a bad required one fails the record, a bad
 * optional one is dropped and noted, with a message naming the field, the value and the range.
 */
export function bounded(
  f: FieldReader,
  path: string,
  opts: { min: number; max?: number; whole?: boolean; required?: boolean; expected: string },
): number | null {
  const n = f.number(path, { required: opts.required });
  if (n === null) return null;
  if ((!opts.whole || Number.isInteger(n)) && n >= opts.min && (opts.max === undefined || n <= opts.max))
    return n;
  const message = `${path} ${JSON.stringify(String(f.raw(path)))} is not ${opts.expected}`;
  if (opts.required) f.fail('bad_number', message);
  else f.invalid[path] = message;
  return null;
}

/** A count (a whole number, not negative). */
export function count(f: FieldReader, path: string, required = false): number | null {
  return bounded(f, path, {
    min: 0,
    whole: true,
    required,
    expected: 'a count; expected a whole number, 0 or more',
  });
}

/** Hours of one day: from 0 to 24. */
export function hoursOfDay(f: FieldReader, path: string, required = false): number | null {
  return bounded(f, path, { min: 0, max: 24, required, expected: 'hours of a day; expected 0 to 24' });
}
