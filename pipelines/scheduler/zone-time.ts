// Local wall-clock readings in IANA zones, through Intl only. A "wall" value is the local reading
// written as milliseconds of the same reading in UTC (2026-03-08 02:30 local -> Date.UTC(2026, 2, 8,
// 2, 30)), so cron can walk local calendars without daylight saving getting in the way.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
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

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local reading of an instant in a zone, as a wall value. */
export function wallOf(instantMs: number, timeZone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(whole))) p[part.type] = Number(part.value);
  const wall = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return wall + (instantMs - whole);
}

/** The zone's offset from UTC at an instant, in milliseconds (New York in winter: -5 h). */
export function offsetAt(instantMs: number, timeZone: string): number {
  return wallOf(instantMs, timeZone) - instantMs;
}

/** Where a local wall time falls: one instant, two (a fall-back overlap), or none (a spring-forward gap). */
export type WallInstants =
  | { readonly kind: 'unique'; readonly at: number }
  | { readonly kind: 'overlap'; readonly first: number; readonly second: number }
  /** `at` is the transition instant: the first one after the gap, whose reading is the gap's end. */
  | { readonly kind: 'gap'; readonly at: number };

const DAY = 86_400_000;

/** The instants whose local reading in `timeZone` is `wall`. */
export function instantsOf(wall: number, timeZone: string): WallInstants {
  // The offsets a day either side bracket any transition near the wall time (zones change offset
  // at most a few times a year, never twice in two days).
  const before = offsetAt(wall - DAY, timeZone);
  const after = offsetAt(wall + DAY, timeZone);
  const found = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((at) => offsetAt(at, timeZone) === wall - at)
    .sort((a, b) => a - b);
  const [first, second] = found;
  if (first !== undefined && second !== undefined) return { kind: 'overlap', first, second };
  if (first !== undefined) return { kind: 'unique', at: first };
  // A gap: the transition lies between the instant the wall would be under the new offset and the
  // one under the old; find it to the second.
  let lo = wall - after;
  let hi = wall - before;
  while (hi - lo > 1000) {
    const mid = lo + Math.max(1000, Math.floor((hi - lo) / 2000) * 1000);
    if (offsetAt(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return { kind: 'gap', at: hi };
}

/** A wall value as 'YYYY-MM-DDTHH:MM:SS'. */
export function formatWall(wall: number): string {
  return new Date(wall).toISOString().slice(0, 19);
}
