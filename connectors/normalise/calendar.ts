// Calendar checks shared by resident IDs and the date parsers: a date is real only if the month has
// that day, which Date.UTC does not check (it rolls 2025-02-30 over to March 2).

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Wall-clock fields of a date or date-time, as written, before any time zone is applied. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** Number of days in a month (1-12) of a proleptic Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** What is impossible about a calendar date ('February 2025 has 28 days'), or null if it is real. */
export function dateProblem(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12) return `month ${month} does not exist`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    return `${MONTHS[month - 1] as string} ${year} has no day ${day} (it has ${days})`;
  }
  return null;
}

/** What is impossible about a wall-clock time, or null if it is real (no 24:00, no leap seconds). */
export function timeProblem(t: Pick<LocalDateTime, 'hour' | 'minute' | 'second'>): string | null {
  if (t.hour > 23) return `hour ${t.hour} does not exist (00-23)`;
  if (t.minute > 59) return `minute ${t.minute} does not exist (00-59)`;
  if (t.second > 59) return `second ${t.second} does not exist (00-59)`;
  return null;
}

/** 'YYYY-MM-DD' of a calendar date. */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Milliseconds since the epoch of wall-clock fields read as UTC (years below 100 included). */
export function utcMillis(t: LocalDateTime): number {
  const d = new Date(Date.UTC(2000, 0, 1, t.hour, t.minute, t.second, t.millisecond));
  d.setUTCFullYear(t.year, t.month - 1, t.day);
  return d.getTime();
}
