import { describe, expect, it } from 'vitest';
import { compareExact, EXACT_LEVELS } from './compare-exact.ts';

describe('compareExact', () => {
  it('names its levels', () => {
    expect(EXACT_LEVELS).toEqual(['missing', 'different', 'exact']);
  });

  it.each([
    ['+8613912345678', '+8613912345678', 'exact'],
    ['F', 'F', 'exact'],
    ['+8613912345678', '+8613912345679', 'different'],
    ['F', 'M', 'different'],
    ['200120', '200121', 'different'],
    [null, '200120', 'missing'],
    ['', '200120', 'missing'],
    ['200120', null, 'missing'],
    [null, null, 'missing'],
  ])('%j / %j -> %s', (a, b, level) => {
    expect(EXACT_LEVELS[compareExact(a, b)]).toBe(level);
  });
});
