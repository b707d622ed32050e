import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler } from './jaro-winkler.ts';

describe('jaroWinkler', () => {
  // Published values: Winkler (1990) and the Wikipedia article's worked examples.
  it.each([
    ['MARTHA', 'MARHTA', 0.961],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.813],
    ['JELLYFISH', 'SMELLYFISH', 0.896],
  ])('%s / %s = %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
    expect(jaroWinkler(b, a)).toBeCloseTo(expected, 3);
  });

  it('gives the plain Jaro value without a common prefix', () => {
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.944, 3);
    expect(jaroWinkler('ABCD', 'XBCD')).toBeCloseTo(jaro('ABCD', 'XBCD'), 10);
  });

  it('is 1 for equal strings and 0 for nothing in common', () => {
    expect(jaroWinkler('zhangwei', 'zhangwei')).toBe(1);
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('abc', '')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
  });

  it('handles strings longer than its preallocated buffers', () => {
    const long = 'x'.repeat(500);
    expect(jaroWinkler(long, `${long}y`)).toBeGreaterThan(0.99);
  });

  it('ranks a pinyin typo above a different given name', () => {
    expect(jaroWinkler('zhangwei', 'zhangwie')).toBeGreaterThan(0.94);
    expect(jaroWinkler('wei', 'wen')).toBeLessThan(0.85);
  });
});
