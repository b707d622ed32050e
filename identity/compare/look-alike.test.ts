import { describe, expect, it } from 'vitest';
import { isLookAlike } from './look-alike.ts';

describe('isLookAlike', () => {
  it.each([
    ['王', '玉'],
    ['玉', '王'],
    ['己', '已'],
    ['已', '巳'],
    ['未', '末'],
    ['戊', '戌'],
    ['季', '李'],
  ])('%s / %s look alike', (a, b) => {
    expect(isLookAlike(a, b)).toBe(true);
  });

  it.each([
    ['王', '李'],
    ['张', '章'],
    ['王', '王'],
    ['a', 'b'],
  ])('%s / %s do not', (a, b) => {
    expect(isLookAlike(a, b)).toBe(false);
  });
});
