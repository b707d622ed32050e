import { DateRangeError } from './errors.ts';

const DAY = 86_400_000;

/** Every day from `from` to `to`, both included, as YYYY-MM-DD: the as_of dates of `cdp backfill`. */
export function asOfDates(from: string, to: string, maxDays = 3660): string[] {
  const start = parseDay(from, from, to);
  const end = parseDay(to, from, to);
  if (end < start) throw new DateRangeError(from, to, `--from ${from} is after --to ${to}`);
  const days = (end - start) / DAY + 1;
  if (days > maxDays) {
    throw new DateRangeError(
      from,
      to,
      `${from} to ${to} is ${days} days; backfill at most ${maxDays} at once`,
    );
  }
  return Array.from({ length: days }, (_, i) => new Date(start + i * DAY).toISOString().slice(0, 10));
}

function parseDay(value: string, from: string, to: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new DateRangeError(from, to, `"${value}" is not a day; expected YYYY-MM-DD, e.g. 2025-12-31`);
  }
  return ms;
}
