// Wall-clock time in an IANA zone to an instant. The offset comes from Intl (the ICU zone data Node
// ships), never a hard-coded +08:00: sources in zones with daylight saving time change offset twice a
// year, and a local time near the change is ambiguous or does not exist.

import type { LocalDateTime } from './calendar.ts';
import { utcMillis } from './calendar.ts';

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone name Intl knows ('Asia/Shanghai', 'America/New_York', 'UTC'). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

// Offsets are whole quarter hours and change only on quarter-hour instants, so one lookup serves a
// 15-minute bucket. formatToParts is the hot spot of ingest otherwise (a million timestamps a file).
const BUCKET_MS = 15 * 60_000;
const offsetCache = new Map<string, number>();

/** The zone's offset from UTC in milliseconds at an instant (east positive: +8h for Asia/Shanghai). */
export function zoneOffsetMs(timeZone: string, epochMs: number): number {
  const key = `${timeZone}|${Math.floor(epochMs / BUCKET_MS)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = computeOffsetMs(timeZone, epochMs);
    if (offsetCache.size > 100_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

function computeOffsetMs(timeZone: string, epochMs: number): number {
  const fields: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) fields[part.type] = part.value;
  const year = Number(fields.year);
  const wall = utcMillis({
    year: fields.era === 'BC' ? 1 - year : year,
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour),
    minute: Number(fields.minute),
    second: Number(fields.second),
    millisecond: 0,
  });
  return wall - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/**
 * The instant a wall-clock time in `timeZone` denotes. A time repeated when clocks go back takes the
 * earlier instant; a time skipped when they go forward is read with the offset before the change
 * (02:30 on a spring-forward night in New York is 03:30 EDT), as Temporal's 'compatible' does.
 */
export function zonedTimeToInstant(local: LocalDateTime, timeZone: string): Date {
  const wall = utcMillis(local);
  const before = zoneOffsetMs(timeZone, wall - DAY_MS);
  const after = zoneOffsetMs(timeZone, wall + DAY_MS);
  const candidates = [wall - before, wall - after].filter((t) => wall - zoneOffsetMs(timeZone, t) === t);
  if (candidates.length === 0) return new Date(wall - before);
  return new Date(Math.min(...candidates));
}

/**
 * The zone's offset in milliseconds if it is the same at every instant from `fromMs` to `toMs`, else
 * null. It asks zoneOffsetMs for every 15-minute bucket of the span, so it sees each offset a reading
 * in that span could use (offsets change only on quarter-hour instants, see above).
 */
export function fixedOffsetMs(timeZone: string, fromMs: number, toMs: number): number | null {
  const offset = zoneOffsetMs(timeZone, fromMs);
  for (let b = Math.floor(fromMs / BUCKET_MS) + 1; b <= Math.floor(toMs / BUCKET_MS); b++) {
    if (zoneOffsetMs(timeZone, b * BUCKET_MS) !== offset) return null;
  }
  return offset;
}
