const DAY_MS = 86_400_000;
// Date's range: 100,000,000 days either side of 1970.
const MAX_MS = 8.64e15;
const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

// Date.prototype.toISOString costs microseconds a call in V8 (it finds the calendar day every
// time); a load's timestamps mostly fall on a few days, so the day's part is kept.
let day = NaN;
let dayPrefix = '';

/** Epoch milliseconds as `Date.prototype.toISOString` writes them ('2025-03-01T08:30:00.000Z'). */
export function isoTimestamp(ms: number): string {
  if (!(Math.abs(ms) <= MAX_MS)) return new Date(ms).toISOString(); // throws, as it did before
  const d = Math.floor(ms / DAY_MS);
  if (d !== day) {
    const iso = new Date(d * DAY_MS).toISOString();
    dayPrefix = iso.slice(0, iso.indexOf('T') + 1);
    day = d;
  }
  let t = ms - d * DAY_MS;
  const milli = t % 1000;
  t = (t - milli) / 1000;
  const sec = t % 60;
  t = (t - sec) / 60;
  const min = t % 60;
  return `${dayPrefix}${PAD2[(t - min) / 60]!}:${PAD2[min]!}:${PAD2[sec]!}.${PAD3[milli]!}Z`;
}
