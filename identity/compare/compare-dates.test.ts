import { describe, expect, it } from 'vitest';
import { compareDates, DATE_LEVELS, DateLevel } from './compare-dates.ts';

const compare = (a: string | null, b: string | null): string => {
  const level = compareDates(a, b);
  expect(compareDates(b, a)).toBe(level);
  return DATE_LEVELS[level] as string;
};

describe('DATE_LEVELS', () => {
  it('names every level, weakest first', () => {
    expect(DATE_LEVELS).toEqual([
      'missing',
      'different',
      'same_year',
      'off_by_one',
      'day_month_swapped',
      'exact',
    ]);
    for (const [name, level] of Object.entries(DateLevel)) expect(DATE_LEVELS[level]).toBe(name);
  });
});

describe('compareDates', () => {
  it.each([
    ['1990-03-04', '1990-03-04', 'exact'],
    ['1990-03-04', '1990-03-04T00:00:00Z', 'exact'],
    ['1990-03-04', '1990-04-03', 'day_month_swapped'],
    ['1990-03-04', '1990-03-05', 'off_by_one'],
    ['1990-03-04', '1990-04-04', 'off_by_one'],
    ['1990-03-04', '1991-03-04', 'off_by_one'],
    // A day apart across a month or year end: a time-zone shift of a midnight timestamp.
    ['1990-03-31', '1990-04-01', 'off_by_one'],
    ['1989-12-31', '1990-01-01', 'off_by_one'],
    ['2000-02-29', '2000-03-01', 'off_by_one'],
    ['1990-03-04', '1990-07-21', 'same_year'],
    ['1990-03-04', '1990-03-14', 'same_year'],
    ['1990-03-04', '1980-03-04', 'different'],
    ['1990-03-04', '1991-04-03', 'different'],
    ['1990-03-04', '2004-11-30', 'different'],
    [null, '1990-03-04', 'missing'],
    ['', '1990-03-04', 'missing'],
    ['1990/03/04', '1990-03-04', 'missing'],
    ['1990-13-04', '1990-03-04', 'missing'],
    ['1990-3-4', '1990-03-04', 'missing'],
    ['not a date', '1990-03-04', 'missing'],
    [null, null, 'missing'],
  ])('%j / %j -> %s', (a, b, level) => {
    expect(compare(a, b)).toBe(level);
  });

  it('does not call a date with equal day and month swapped', () => {
    expect(compareDates('1990-03-03', '1990-03-03')).toBe(DateLevel.exact);
    expect(compareDates('1990-03-03', '1991-03-03')).toBe(DateLevel.off_by_one);
  });
});
