// Local wall-clock readings in IANA zones, through Intl only. A "wall" value is the local reading
// written as milliseconds of the same reading in UTC (2026-03-08 02:30 local -> Date.UTC(2026, 2, 8,
// 2, 30)), so cron can walk local calendars without daylight saving getting in the way. Offsets
// come from the connectors' zone lookup (Intl, cached per quarter hour), the one ingest uses.

import { isTimeZone, zoneOffsetMs } from '../../connectors/index.ts';

/** Whether `timeZone` is an IANA zone this runtime knows. */
export { isTimeZone };

/** The zone's offset from UTC at an instant, in milliseconds (New York in winter: -5 h). */
export function offsetAt(instantMs: number, timeZone: string): number {
  return zoneOffsetMs(timeZone, instantMs);
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
