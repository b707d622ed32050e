import { describe, expect, it } from 'vitest';
import { normaliseEmail } from './index.ts';

describe('normaliseEmail', () => {
  it.each([
    ['li.na@qq.com', 'li.na@qq.com'],
    ['  Li.Na@QQ.com  ', 'li.na@qq.com'],
    ['LI.NA@QQ.COM', 'li.na@qq.com'],
    ['li.na @ qq.com', 'li.na@qq.com'],
    ['li.na＠qq.com', 'li.na@qq.com'],
    ['ｌｉ．ｎａ＠ｑｑ．ｃｏｍ', 'li.na@qq.com'],
    ['li.na@qq。com', 'li.na@qq.com'],
    ['\u200bli.na@qq.com', 'li.na@qq.com'],
    ['zhang_wei+shop@163.com', 'zhang_wei+shop@163.com'],
    ['13912345678@139.com', '13912345678@139.com'],
    ['wei.zhang@mail.example.com.cn', 'wei.zhang@mail.example.com.cn'],
    ["o'brien@example.co.uk", "o'brien@example.co.uk"],
    ['user@xn--fiqs8s.xn--fiqz9s', 'user@xn--fiqs8s.xn--fiqz9s'],
  ])('%j -> %s', (raw, email) => {
    expect(normaliseEmail(raw)).toEqual({ ok: true, value: email });
  });

  it.each(['', ' ', 'NULL', 'n/a', '无', '-', null])('treats blank %j as no value', (raw) => {
    expect(normaliseEmail(raw)).toEqual({ ok: true, value: null });
  });

  it.each([
    ['li.na.qq.com', 'has no "@"'],
    ['li@na@qq.com', 'has 2 "@"'],
    ['@qq.com', 'has nothing before "@"'],
    ['li.na@', 'has nothing after "@"'],
    ['li na@qq.com', 'contains a space'],
    ['li..na@qq.com', 'has an invalid local part "li..na"'],
    ['.lina@qq.com', 'has an invalid local part ".lina"'],
    ['李娜@qq.com', 'has an invalid local part "李娜"'],
    ['li.na@qq', 'has domain "qq" with no dot'],
    ['li.na@qq..com', 'has an invalid domain "qq..com"'],
    ['li.na@-qq.com', 'has an invalid domain "-qq.com"'],
    ['li.na@qq_mail.com', 'has an invalid domain "qq_mail.com"'],
    ['li.na@qq.c', 'has an invalid top-level domain "c"'],
    ['li.na@qq.c0m', 'has an invalid top-level domain "c0m"'],
    [`${'a'.repeat(65)}@qq.com`, 'has a 65-character local part (at most 64)'],
    [
      `a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(63)}.com`,
      'is 261 characters long (at most 254)',
    ],
  ])('rejects %j: %s', (raw, message) => {
    const result = normaliseEmail(raw);
    expect(result).toMatchObject({ ok: false, reason: 'bad_email' });
    if (!result.ok) expect(result.message).toContain(message);
    if (!result.ok) expect(result.message).toMatch(/; expected local@domain\.tld$/);
  });

  it('quotes the value as found in the message', () => {
    expect(normaliseEmail(' li.na.qq.com ')).toEqual({
      ok: false,
      reason: 'bad_email',
      message: 'email " li.na.qq.com " has no "@"; expected local@domain.tld',
    });
  });
});
