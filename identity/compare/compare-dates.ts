// Dates (birth dates) -> a Fellegi-Sunter level. Parsed by character codes on every call: cheaper
// than a Date, and a pair of 'YYYY-MM-DD' strings is all a comparison ever gets.

/** Levels of compareDates by name; the value is the level. */
export const DateLevel = {
  /** At least one side is missing or not a 'YYYY-MM-DD' date: no evidence. */
  missing: 0,
  different: 1,
  /** Same year, month or day wrong. */
  same_year: 2,
  /**
   * One of year, month or day off by one with the other two equal (1990-03-04 / 1990-03-05), or
   * one calendar day apart across a month end: a midnight timestamp shifted by a time zone.
   */
  off_by_one: 3,
  /** Day and month swapped (1990-03-04 / 1990-04-03), the US/Chinese order mix-up. */
  day_month_swapped: 4,
  exact: 5,
} as const;

/** Names of the levels of compareDates; index = level. */
export const DATE_LEVELS: readonly string[] = Object.keys(DateLevel);

/** Compares two 'YYYY-MM-DD' dates (a longer ISO timestamp is cut to its date); a level of DATE_LEVELS. */
export function compareDates(a: string | null, b: string | null): number {
  if (a === null || b === null) return DateLevel.missing;
  const ya = digits(a, 0, 4);
  const ma = digits(a, 5, 2);
  const da = digits(a, 8, 2);
  const yb = digits(b, 0, 4);
  const mb = digits(b, 5, 2);
  const db = digits(b, 8, 2);
  if (ya < 0 || ma < 1 || ma > 12 || da < 1 || da > 31 || yb < 0 || mb < 1 || mb > 12 || db < 1 || db > 31) {
    return DateLevel.missing;
  }
  if (ya === yb && ma === mb && da === db) return DateLevel.exact;
  if (ya === yb && ma === db && da === mb) return DateLevel.day_month_swapped;
  const sameYear = ya === yb;
  const sameMonth = ma === mb;
  const sameDay = da === db;
  if (
    (sameYear && sameMonth && Math.abs(da - db) === 1) ||
    (sameYear && sameDay && Math.abs(ma - mb) === 1) ||
    (sameMonth && sameDay && Math.abs(ya - yb) === 1) ||
    Math.abs(dayNumber(ya, ma, da) - dayNumber(yb, mb, db)) === 1
  ) {
    return DateLevel.off_by_one;
  }
  return sameYear ? DateLevel.same_year : DateLevel.different;
}

/** The number written by `length` ASCII digits at `start`, after a '-' for month and day; -1 if not digits. */
function digits(text: string, start: number, length: number): number {
  if (start > 0 && text.charCodeAt(start - 1) !== 0x2d) return -1;
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (Hinnant's days_from_civil). */
function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
