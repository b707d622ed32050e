import { CronTime } from 'cron';
import { describe, expect, it } from 'vitest';
import { cronSchedule, CronExpressionError, type ScheduledTime } from './index.ts';

const iso = (runs: readonly ScheduledTime[]): string[] => runs.map((r) => r.at.toISOString());
const after = (expr: string, tz: string, from: string, n: number): ScheduledTime[] =>
  cronSchedule(expr, tz).upcoming(new Date(from), n);

describe('cron times across daylight saving', () => {
  it('New York spring forward (2026-03-08): a 02:30 daily job runs once, at 03:00 EDT', () => {
    const runs = after('30 2 * * *', 'America/New_York', '2026-03-06T12:00:00Z', 4);
    expect(iso(runs)).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:00:00.000Z', // 02:30 does not exist: the end of the gap, 03:00 EDT
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
      '2026-03-10T06:30:00.000Z',
    ]);
    expect(runs[1]).toMatchObject({ slot: '2026-03-08T02:30:00', date: '2026-03-08' });
  });

  it('New York fall back (2026-11-01): a 01:30 daily job runs once, at the first 01:30', () => {
    const s = cronSchedule('30 1 * * *', 'America/New_York');
    expect(iso(s.upcoming(new Date('2026-10-31T12:00:00Z'), 2))).toEqual([
      '2026-11-01T05:30:00.000Z', // 01:30 EDT
      '2026-11-02T06:30:00.000Z', // 01:30 EST the next day; not 2026-11-01T06:30Z, the second 01:30
    ]);
    // Also when the scheduler (re)starts inside the repeated hour, after the first 01:30 ran.
    expect(s.next(new Date('2026-11-01T06:10:00Z')).at.toISOString()).toBe('2026-11-02T06:30:00.000Z');
    expect(iso(s.between(new Date('2026-10-31T12:00:00Z'), new Date('2026-11-02T12:00:00Z')))).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('an hourly job follows real time: 23 runs on the spring-forward day, 25 on the fall-back day', () => {
    const s = cronSchedule('0 * * * *', 'America/New_York');
    const day = (from: string, to: string) => s.between(new Date(from), new Date(to));
    const spring = day('2026-03-08T04:59:59Z', '2026-03-09T03:59:59Z');
    const fall = day('2026-11-01T03:59:59Z', '2026-11-02T04:59:59Z');
    expect([spring.length, fall.length]).toEqual([23, 25]);
    for (const runs of [spring, fall]) {
      const gaps = runs.slice(1).map((r, i) => r.at.getTime() - (runs[i] as ScheduledTime).at.getTime());
      expect(new Set(gaps)).toEqual(new Set([3_600_000]));
    }
    expect(fall.filter((r) => r.slot === '2026-11-01T01:00:00')).toHaveLength(2);
  });

  it('a quarter-hourly job runs once at the end of the gap, named by its own slot', () => {
    const runs = after('*/15 * * * *', 'America/New_York', '2026-03-08T06:30:00Z', 3);
    expect(runs.map((r) => [r.at.toISOString(), r.slot])).toEqual([
      ['2026-03-08T06:45:00.000Z', '2026-03-08T01:45:00'],
      ['2026-03-08T07:00:00.000Z', '2026-03-08T03:00:00'],
      ['2026-03-08T07:15:00.000Z', '2026-03-08T03:15:00'],
    ]);
  });

  it('Europe/Berlin: 02:30 is skipped on 2026-03-29 and repeated on 2026-10-25', () => {
    expect(iso(after('30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', 2))).toEqual([
      '2026-03-29T01:00:00.000Z', // 03:00 CEST, the end of the gap
      '2026-03-30T00:30:00.000Z',
    ]);
    expect(iso(after('30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', 2))).toEqual([
      '2026-10-25T00:30:00.000Z', // the first 02:30, CEST
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('Asia/Shanghai has no daylight saving: 24 hours between daily runs all year', () => {
    const runs = cronSchedule('30 2 * * *', 'Asia/Shanghai').between(
      new Date('2026-01-01T00:00:00Z'),
      new Date('2027-01-01T00:00:00Z'),
    );
    expect(runs).toHaveLength(365);
    expect(runs[0]?.at.toISOString()).toBe('2026-01-01T18:30:00.000Z');
    const gaps = runs.slice(1).map((r, i) => r.at.getTime() - (runs[i] as ScheduledTime).at.getTime());
    expect(new Set(gaps)).toEqual(new Set([86_400_000]));
  });

  it('the southern hemisphere and half-hour shifts follow the same rules (Sydney, Lord Howe)', () => {
    // Sydney springs forward on 2026-10-04 at 02:00 AEST; the 02:30 slot runs at 03:00 AEDT.
    expect(iso(after('30 2 * * *', 'Australia/Sydney', '2026-10-03T12:00:00Z', 1))).toEqual([
      '2026-10-03T16:00:00.000Z',
    ]);
    // Lord Howe moves by 30 minutes (02:00 -> 02:30): a 02:00 job runs once, at 02:30.
    expect(iso(after('0 2 * * *', 'Australia/Lord_Howe', '2026-10-02T12:00:00Z', 3))).toEqual([
      '2026-10-02T15:30:00.000Z',
      '2026-10-03T15:30:00.000Z',
      '2026-10-04T15:00:00.000Z',
    ]);
  });

  const zones = [
    'America/New_York',
    'Europe/Berlin',
    'Asia/Shanghai',
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'America/Santiago', // changes at midnight
  ];
  it.each(zones)('%s: a daily job runs exactly once on every local day of 2026', (tz) => {
    for (const expr of ['30 2 * * *', '30 1 * * *', '0 0 * * *']) {
      const runs = cronSchedule(expr, tz).between(
        new Date('2025-12-31T00:00:00Z'),
        new Date('2027-01-02T00:00:00Z'),
      );
      const dates = runs.map((r) => r.date).filter((d) => d.startsWith('2026-'));
      expect(dates, expr).toHaveLength(365);
      expect(new Set(dates).size, expr).toBe(365);
    }
  });
});

describe('missed runs between two instants', () => {
  it('lists the runs in (from, to], oldest first, and the latest alone', () => {
    const s = cronSchedule('0 3 * * *', 'Asia/Shanghai');
    const from = new Date('2026-03-01T19:00:00Z'); // exactly the 03:00 run of 03-02: not included
    const to = new Date('2026-03-05T19:00:00Z'); // the 03:00 run of 03-06: included
    expect(s.between(from, to).map((r) => r.date)).toEqual([
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
    ]);
    expect(s.between(from, to, 2).map((r) => r.date)).toEqual(['2026-03-03', '2026-03-04']);
    expect(s.latestBetween(from, to)?.date).toBe('2026-03-06');
    expect(s.latestBetween(from, new Date('2026-03-02T18:59:59Z'))).toBeNull();
  });

  it('finds the latest run of a frequent job after a long downtime without listing them all', () => {
    const s = cronSchedule('*/5 * * * *', 'Europe/Berlin');
    const t0 = performance.now();
    const latest = s.latestBetween(new Date('2026-01-01T00:00:00Z'), new Date('2026-11-30T10:03:00Z'));
    expect(latest?.at.toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('cron expressions', () => {
  it('says which job has a bad expression, and why', () => {
    expect(() => cronSchedule('61 * * * *', 'UTC', 'nightly')).toThrowErrorMatchingInlineSnapshot(
      `[CronExpressionError: job "nightly": schedule "61 * * * *" is not a valid cron expression: Field value (61) is out of range; expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, e.g. "30 2 * * *"]`,
    );
    expect(() => cronSchedule('0 0 30 2 *', 'UTC', 'feb30')).toThrowErrorMatchingInlineSnapshot(
      `[CronExpressionError: job "feb30": schedule "0 0 30 2 *" is not a valid cron expression: it never fires (no matching date in the next 8 years)]`,
    );
    expect(() => cronSchedule('0 2 * * *', 'Mars/Olympus', 'x')).toThrow(CronExpressionError);
    expect(() => cronSchedule('0 2 * *', 'UTC')).toThrow(/schedule "0 2 \* \*" .*Too few fields/);
  });

  it('takes six fields (seconds first), names and presets', () => {
    expect(iso(after('15 30 2 * * *', 'UTC', '2026-01-01T00:00:00Z', 1))).toEqual([
      '2026-01-01T02:30:15.000Z',
    ]);
    expect(iso(after('0 9 * * mon-fri', 'UTC', '2026-01-02T10:00:00Z', 2))).toEqual([
      '2026-01-05T09:00:00.000Z',
      '2026-01-06T09:00:00.000Z',
    ]);
    expect(iso(after('@daily', 'Asia/Shanghai', '2026-01-01T00:00:00Z', 1))).toEqual([
      '2026-01-01T16:00:00.000Z',
    ]);
  });
});

// Pins of what the `cron` package (4.4) does by itself at DST edges, the reason cron-times maps
// local times to instants on its own. If an upgrade changes one, revisit CONTEXT.md.
describe('the cron package alone', () => {
  const raw = (expr: string, tz: string, from: string): string =>
    new CronTime(expr, tz).getNextDateFrom(new Date(from), tz).toUTC().toISO() ?? '';

  it('runs a fixed 01:30 job a second time when asked from inside the repeated hour', () => {
    expect(raw('30 1 * * *', 'America/New_York', '2026-11-01T05:00:00Z')).toBe('2026-11-01T05:30:00.000Z');
    expect(raw('30 1 * * *', 'America/New_York', '2026-11-01T06:10:00Z')).toBe('2026-11-01T06:30:00.000Z');
  });

  it('maps a gap slot to the end of the gap in New York, but 30 minutes past it in Sydney', () => {
    expect(raw('30 2 * * *', 'America/New_York', '2026-03-08T00:00:00Z')).toBe('2026-03-08T07:00:00.000Z');
    expect(raw('30 2 * * *', 'Australia/Sydney', '2026-10-03T12:00:00Z')).toBe('2026-10-03T16:30:00.000Z');
  });

  it("runs a 02:00 job twice on Lord Howe's half-hour spring forward, once before the gap", () => {
    const first = raw('0 2 * * *', 'Australia/Lord_Howe', '2026-10-03T12:00:00Z');
    expect(first).toBe('2026-10-03T15:00:00.000Z');
    expect(raw('0 2 * * *', 'Australia/Lord_Howe', first)).toBe('2026-10-03T15:30:00.000Z');
  });
});
