import { describe, expect, it } from 'vitest';
import { COMPOUND_SURNAMES, hanFamilyLength, romanisedSurname, surnameRank } from './surnames.ts';
import { toSimplified } from './traditional.ts';

describe('hanFamilyLength', () => {
  it.each([
    ['王小明', 1],
    ['李娜', 1],
    ['欧阳娜娜', 2],
    ['司马相如', 2],
    ['诸葛亮', 2],
    ['尉迟恭', 2],
    ['单于洋', 1],
    // Two characters that are a compound surname are a family name and a given name.
    ['欧阳', 1],
  ])('%s -> %d', (name, length) => {
    expect(hanFamilyLength([...name])).toBe(length);
  });

  it('knows the traditional compound surnames once they are folded', () => {
    for (const traditional of [
      '歐陽',
      '司馬',
      '諸葛',
      '東方',
      '長孫',
      '軒轅',
      '獨孤',
      '南宮',
      '西門',
      '澹臺',
    ]) {
      expect(COMPOUND_SURNAMES.has(toSimplified(traditional))).toBe(true);
    }
    for (const traditional of ['鍾離', '聞人', '東郭', '顓孫', '巫馬', '樂正', '鮮於', '閭丘', '萬俟']) {
      expect(COMPOUND_SURNAMES.has(toSimplified(traditional))).toBe(true);
    }
  });
});

describe('surnameRank', () => {
  it('ranks by frequency', () => {
    expect(surnameRank('wang')).toBe(0);
    expect(surnameRank('li')).toBe(1);
    expect(surnameRank('zhang')).toBeLessThan(surnameRank('wei'));
    expect(surnameRank('ouyang')).toBeLessThan(Infinity);
  });

  it('knows romanised spellings and not given names', () => {
    expect(surnameRank('wong')).toBe(surnameRank('wang'));
    expect(surnameRank('lee')).toBe(surnameRank('li'));
    expect(surnameRank('david')).toBe(Infinity);
    expect(surnameRank('xiaoming')).toBe(Infinity);
    expect(surnameRank('smith')).toBe(Infinity);
  });
});

describe('romanisedSurname', () => {
  it.each([
    ['wong', 'wang'],
    ['chan', 'chen'],
    ['cheung', 'zhang'],
    ['szeto', 'situ'],
    ['wang', 'wang'],
    ['smith', 'smith'],
  ])('%s -> %s', (word, pinyin) => {
    expect(romanisedSurname(word)).toBe(pinyin);
  });
});
