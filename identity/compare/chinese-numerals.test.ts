import { describe, expect, it } from 'vitest';
import { chineseNumeral } from './chinese-numerals.ts';

describe('chineseNumeral', () => {
  it.each([
    ['三', 3],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十三', 23],
    ['一百零五', 105],
    ['三百二十', 320],
    ['两千', 2000],
    ['五〇一', 501],
    ['一二', 12],
  ])('%s = %d', (text, value) => {
    expect(chineseNumeral(text)).toBe(value);
  });

  it.each(['', '三a', '十十', '百十百', '张'])('%j is not a numeral', (text) => {
    expect(chineseNumeral(text)).toBeUndefined();
  });
});
