import { describe, expect, it } from 'vitest';
import { asOfDates, cronSchedule, dueRuns, type DueRuns } from './index.ts';

// A 02:00 daily job in Shanghai (18:00Z the day before). Its last run was the 03-01 one; the
// scheduler was down from 03-01 until it came back on 03-05 at 12:00 local (04:00Z).
const daily = cronSchedule('0 2 * * *', 'Asia/Shanghai');
const since = new Date('2026-02-28T18:00:00Z');
const upSince = new Date('2026-03-05T04:00:00Z');
const dates = (d: DueRuns): string[] => d.runs.map((r) => r.date);
const skipped = (d: DueRuns): string[] | null =>
  d.skipped ? [d.skipped.first.date, d.skipped.last.date] : null;

describe('catch-up after downtime', () => {
  it("'all' runs every missed day, oldest first", () => {
    const d = dueRuns(daily, { since, upSince, now: upSince, catchUp: 'all' });
    expect(dates(d)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);
    expect([d.skipped, d.more]).toEqual([null, false]);
  });

  it("'all' hands out at most maxRuns at a time, then the rest from the last one", () => {
    const first = dueRuns(daily, { since, upSince, now: upSince, catchUp: 'all', maxRuns: 3 });
    expect(dates(first)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    expect(first.more).toBe(true);
    const last = first.runs[2]?.at ?? since;
    const rest = dueRuns(daily, { since: last, upSince, now: upSince, catchUp: 'all', maxRuns: 3 });
    expect([dates(rest), rest.more]).toEqual([['2026-03-05'], false]);
  });

  it("'latest' runs the newest missed day and reports the others as skipped", () => {
    const d = dueRuns(daily, { since, upSince, now: upSince, catchUp: 'latest' });
    expect(dates(d)).toEqual(['2026-03-05']);
    expect(skipped(d)).toEqual(['2026-03-02', '2026-03-04']);
  });

  it("'skip' runs none of them", () => {
    const d = dueRuns(daily, { since, upSince, now: upSince, catchUp: 'skip' });
    expect(dates(d)).toEqual([]);
    expect(skipped(d)).toEqual(['2026-03-02', '2026-03-05']);
  });

  it('runs that come due while the scheduler is up always run, however late, whatever catchUp says', () => {
    const now = new Date('2026-03-06T19:30:00Z'); // 03:30 on 03-07: the 03-06 and 03-07 runs came due
    const d = dueRuns(daily, { since, upSince, now, catchUp: 'skip' });
    expect(dates(d)).toEqual(['2026-03-06', '2026-03-07']);
    const steady = dueRuns(daily, { since: d.runs[1]?.at ?? now, upSince, now, catchUp: 'skip' });
    expect([dates(steady), steady.skipped]).toEqual([[], null]);
  });

  it('a job that never ran starts from when the scheduler came up: no catch-up over history', () => {
    const d = dueRuns(daily, { since: upSince, upSince, now: upSince, catchUp: 'all' });
    expect([dates(d), d.skipped]).toEqual([[], null]);
  });

  it('catches up across a daylight-saving change without doubling a day', () => {
    const ny = cronSchedule('30 1 * * *', 'America/New_York');
    const d = dueRuns(ny, {
      since: new Date('2026-10-30T05:30:00Z'),
      upSince: new Date('2026-11-03T12:00:00Z'),
      now: new Date('2026-11-03T12:00:00Z'),
      catchUp: 'all',
    });
    expect(dates(d)).toEqual(['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03']);
  });
});

describe('backfill dates', () => {
  it('lists every day from --from to --to, both included, across month and leap-day ends', () => {
    expect(asOfDates('2028-02-27', '2028-03-01')).toEqual([
      '2028-02-27',
      '2028-02-28',
      '2028-02-29',
      '2028-03-01',
    ]);
    expect(asOfDates('2026-01-01', '2026-01-01')).toEqual(['2026-01-01']);
  });

  it('says what is wrong with a range', () => {
    expect(() => asOfDates('2026-02-30', '2026-03-01')).toThrow(
      '"2026-02-30" is not a day; expected YYYY-MM-DD',
    );
    expect(() => asOfDates('2026-03-02', '2026-03-01')).toThrow('--from 2026-03-02 is after --to 2026-03-01');
    expect(() => asOfDates('2000-01-01', '2026-01-01')).toThrow(/9498 days; backfill at most 3660 at once/);
  });
});
