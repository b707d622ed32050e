import { describe, expect, it } from 'vitest';
import * as compare from './index.ts';

describe('identity/compare public API', () => {
  it('exports the comparisons and their level names', () => {
    expect(Object.keys(compare).sort()).toEqual([
      'ADDRESS_LEVELS',
      'AddressLevel',
      'DATE_LEVELS',
      'DateLevel',
      'EMAIL_LEVELS',
      'EXACT_LEVELS',
      'EmailLevel',
      'ExactLevel',
      'NAME_LEVELS',
      'NameLevel',
      'compareAddresses',
      'compareDates',
      'compareEmails',
      'compareExact',
      'compareNames',
      'jaroWinkler',
      'nameFeatures',
      'normaliseAddress',
    ]);
  });

  it.each([
    ['names', compare.NAME_LEVELS],
    ['dates', compare.DATE_LEVELS],
    ['addresses', compare.ADDRESS_LEVELS],
    ['exact', compare.EXACT_LEVELS],
    ['emails', compare.EMAIL_LEVELS],
  ])('%s: level 0 is missing, 1 different, the last exact', (_, levels) => {
    expect(levels[0]).toBe('missing');
    expect(levels[1]).toBe('different');
    expect(levels[levels.length - 1]).toBe('exact');
  });

  it('gives level 0 for a missing side everywhere', () => {
    expect(compare.compareNames(null, compare.nameFeatures('张伟'))).toBe(0);
    expect(compare.compareDates(null, '1990-03-04')).toBe(0);
    expect(compare.compareAddresses(null, compare.normaliseAddress(null, '上海', null, null))).toBe(0);
    expect(compare.compareExact(null, 'F')).toBe(0);
    expect(compare.compareEmails(null, 'a@b.cn')).toBe(0);
  });
});
