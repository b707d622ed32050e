// Local (Asia/Shanghai) calendar arithmetic without Date objects on the hot path. A timestamp is the
// number of seconds since 00:00 of the window's first local day; day numbers count from that day.

export const TIMEZONE = 'Asia/Shanghai';
const DAY = 86_400;

const PAD2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** Days since 1970-01-01 for a civil date (Howard Hinnant's days_from_civil). */
export function epochDayOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** [year, month, day] of an epoch day (civil_from_days). */
export function civilOf(epochDay: number): [number, number, number] {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** 'YYYY-MM-DD' of an epoch day. */
export function isoDateOfEpochDay(epochDay: number): string {
  const [y, m, d] = civilOf(epochDay);
  return `${y}-${PAD2[m]}-${PAD2[d]}`;
}

/** Parses 'YYYY-MM-DD' strictly; undefined when it is not a real date. */
export function parseIsoDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const day = epochDayOf(y, m, d);
  const [y2, m2, d2] = civilOf(day);
  return y2 === y && m2 === m && d2 === d ? day : undefined;
}

function formatClock(secondOfDay: number): string {
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  return `${PAD2[h]}:${PAD2[m]}:${PAD2[secondOfDay % 60]}`;
}

// Every 'HH:mm:ss' of a day, built on first use (86 400 short strings, ~3 MB), shared by all calendars.
let CLOCK: string[] | undefined;
function buildClock(): string[] {
  const out = new Array<string>(DAY);
  for (let s = 0; s < DAY; s++) out[s] = formatClock(s);
  return out;
}

/** Formats window-relative days and timestamps; caches each day's date strings. */
export class Calendar {
  readonly startEpochDay: number;
  private readonly dateCache = new Map<number, string>();
  private readonly compactCache = new Map<number, string>();

  constructor(
    start: string,
    readonly days: number,
  ) {
    const day = parseIsoDate(start);
    if (day === undefined) throw new Error(`invalid start date ${start}`);
    this.startEpochDay = day;
  }

  /** 'YYYY-MM-DD' of a window day (may be negative: before the window). */
  date(day: number): string {
    let s = this.dateCache.get(day);
    if (s === undefined) {
      s = isoDateOfEpochDay(this.startEpochDay + day);
      if (this.dateCache.size < 50_000) this.dateCache.set(day, s);
    }
    return s;
  }

  /** 'YYYYMMDD' of a window day. */
  compact(day: number): string {
    let s = this.compactCache.get(day);
    if (s === undefined) {
      s = this.date(day).replaceAll('-', '');
      if (this.compactCache.size < 50_000) this.compactCache.set(day, s);
    }
    return s;
  }

  /** 'YYYYMM' of a window day. */
  month(day: number): string {
    return this.date(day).slice(0, 7).replace('-', '');
  }

  /** [year, month, day] of a window day. */
  civil(day: number): [number, number, number] {
    return civilOf(this.startEpochDay + day);
  }

  /** 0 = Sunday ... 6 = Saturday. */
  weekday(day: number): number {
    return (((this.startEpochDay + day + 4) % 7) + 7) % 7;
  }

  /** 'HH:mm:ss' of a second of the day. */
  clock(secondOfDay: number): string {
    return (CLOCK ??= buildClock())[secondOfDay] ?? formatClock(secondOfDay);
  }

  /** 'YYYY-MM-DD HH:mm:ss' local time, the way POS and WMS exports print it. */
  local(t: number): string {
    const day = Math.floor(t / DAY);
    return `${this.date(day)} ${this.clock(Math.floor(t - day * DAY))}`;
  }

  /** ISO 8601 with the +08:00 offset, the way APIs and FHIR print it. */
  iso(t: number): string {
    const day = Math.floor(t / DAY);
    return `${this.date(day)}T${this.clock(Math.floor(t - day * DAY))}+08:00`;
  }

  /** Window-relative day of a civil date. */
  dayOf(y: number, m: number, d: number): number {
    return epochDayOf(y, m, d) - this.startEpochDay;
  }
}

export const SECONDS_PER_DAY = DAY;
