import { describe, expect, it } from 'vitest';
import { compareEmails, EMAIL_LEVELS, withinOneEdit } from './compare-emails.ts';

describe('compareEmails', () => {
  it('names its levels', () => {
    expect(EMAIL_LEVELS).toEqual(['missing', 'different', 'typo', 'same_local_part', 'exact']);
  });

  it.each([
    ['li.na@qq.com', 'li.na@qq.com', 'exact'],
    ['12345678@qq.com', '12345678@foxmail.com', 'same_local_part'],
    ['zhangwei@163.com', 'zhangwei@126.com', 'same_local_part'],
    ['zhangwei@gmail.com', 'zhangwei@gmial.com', 'same_local_part'],
    ['zhangwei@163.com', 'zhangwel@163.com', 'typo'],
    ['lina@qq.com', 'li.na@qq.com', 'typo'],
    ['lina@qq.com', 'lin@qq.com', 'typo'],
    ['john@gmail.com', 'john@gmail.co', 'same_local_part'],
    ['john@gmail.com', 'johm@gmail.com', 'typo'],
    ['john@gmail.com', 'jonh@gmail.com', 'different'],
    // One slip per 8 characters in a longer address.
    ['matthew78@ballard-mcdonald.net', 'matthea78@bwllar-mcdonald.net', 'typo'],
    ['katherine96@kim-martinez.com', 'iatherine96@kkm-martinez.co', 'typo'],
    ['wangfang88@163.com', 'wangfang89@126.com', 'different'],
    ['zhangwei@163.com', 'zhangwen@126.com', 'different'],
    ['john@gmail.com', 'mary@gmail.com', 'different'],
    ['lina@qq.com', 'nali@qq.com', 'different'],
    ['zhangwei@163.com', 'zhangwei1990@qq.com', 'different'],
    ['john@example.com', 'johnexample.com', 'typo'],
    [null, 'li.na@qq.com', 'missing'],
    ['', 'li.na@qq.com', 'missing'],
    [null, null, 'missing'],
  ])('%j / %j -> %s', (a, b, level) => {
    expect(EMAIL_LEVELS[compareEmails(a, b)]).toBe(level);
    expect(EMAIL_LEVELS[compareEmails(b, a)]).toBe(level);
  });
});

describe('withinOneEdit', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', true],
    ['abc', 'xbc', true],
    ['abc', 'ab', true],
    ['abc', 'bc', true],
    ['abc', 'abxc', true],
    ['', 'a', true],
    ['abc', 'acb', false],
    ['abc', 'a', false],
    ['abcd', 'abdc', false],
    ['abc', 'xyz', false],
  ])('%j / %j -> %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
    expect(withinOneEdit(b, a)).toBe(expected);
  });
});
