import { describe, expect, it } from 'vitest';
import { charPinyin, surnamePinyin } from './pinyin-cache.ts';

describe('charPinyin', () => {
  it.each([
    ['张', 'zhang'],
    ['張', 'zhang'],
    ['伟', 'wei'],
    ['偉', 'wei'],
    ['吕', 'lv'],
    ['女', 'nv'],
    ['曾', 'ceng'],
    ['a', 'a'],
  ])('%s -> %s', (ch, expected) => {
    expect(charPinyin(ch)).toBe(expected);
    expect(charPinyin(ch)).toBe(expected); // second call: from the cache
  });
});

describe('surnamePinyin', () => {
  it.each([
    ['曾', ['zeng']],
    ['单', ['shan']],
    ['区', ['ou']],
    ['仇', ['qiu']],
    ['解', ['xie']],
    ['朴', ['piao']],
    ['乐', ['yue']],
    ['王', ['wang']],
    ['欧阳', ['ou', 'yang']],
    ['尉迟', ['yu', 'chi']],
    ['长孙', ['zhang', 'sun']],
    ['万俟', ['mo', 'qi']],
  ])('%s -> %j', (family, expected) => {
    expect(surnamePinyin(family)).toEqual(expected);
    expect(surnamePinyin(family)).toEqual(expected);
  });
});
