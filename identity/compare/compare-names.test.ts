import { describe, expect, it } from 'vitest';
import { compareNames, NAME_LEVELS, NameLevel } from './compare-names.ts';
import { nameFeatures } from './name-features.ts';

const compare = (a: string | null, b: string | null): string => {
  const level = compareNames(nameFeatures(a), nameFeatures(b));
  expect(compareNames(nameFeatures(b), nameFeatures(a))).toBe(level);
  return NAME_LEVELS[level] as string;
};

describe('NAME_LEVELS', () => {
  it('names every level, weakest first', () => {
    expect(NAME_LEVELS).toEqual([
      'missing',
      'different',
      'family_only',
      'similar',
      'very_similar',
      'same_sound',
      'exact',
    ]);
    for (const [name, level] of Object.entries(NameLevel)) expect(NAME_LEVELS[level]).toBe(name);
  });
});

describe('compareNames', () => {
  it.each([
    // Same canonical form.
    ['张伟', '张伟', 'exact'],
    ['張偉', '张伟', 'exact'],
    ['张 伟', '张伟', 'exact'],
    ['John Smith', 'john  SMITH', 'exact'],
    // Same pinyin, in any order.
    ['张伟', 'Zhang Wei', 'same_sound'],
    ['张伟', 'zhangwei', 'same_sound'],
    ['张伟', 'ZHANG Wei', 'same_sound'],
    ['张伟', 'Wei Zhang', 'same_sound'],
    ['张伟', 'weizhang', 'same_sound'],
    ['Zhang Wei', 'Wei Zhang', 'same_sound'],
    ['王小明', '王晓明', 'same_sound'],
    ['王小明', 'Xiaoming Wang', 'same_sound'],
    ['欧阳娜娜', 'Nana Ouyang', 'same_sound'],
    ['曾凡', 'Zeng Fan', 'same_sound'],
    ['吕布', 'Lü Bu', 'same_sound'],
    ['John Smith', 'Smith, John', 'same_sound'],
    // A look-alike or sound-alike character, a one-letter slip.
    ['王小明', '玉小明', 'very_similar'],
    ['王伟', '玉伟', 'very_similar'],
    ['王小明', '王小敏', 'very_similar'],
    ['陈林', '陈玲', 'very_similar'],
    ['Zhang Wei', 'Zang Wei', 'very_similar'],
    ['张伟', 'Zhang Wie', 'very_similar'],
    ['Wei Zhang', 'Zhang Wie', 'very_similar'],
    ['john smith', 'jon smith', 'similar'],
    ['john smith', 'john smyth', 'very_similar'],
    ['Christine Smith', 'Kristine Smith', 'similar'],
    ['Jonathan Smith', 'Jonathon Smith', 'very_similar'],
    ['Zhang Xiaoming', 'Zhang Xiaomin', 'very_similar'],
    // A dropped character or a different one in a longer name.
    ['王小明', '王明', 'similar'],
    ['欧阳娜娜', '欧阳娜', 'similar'],
    ['王小明', '王小红', 'similar'],
    ['李小明', '王小明', 'similar'],
    // Given and family name swapped, with a typo; one name a part of the other.
    ['oNah Watson', 'Watson Noah', 'similar'],
    ['Harry Tomas', 'Thomas Harry', 'similar'],
    ['Noah', 'Morris Noah', 'similar'],
    ['Noah', 'Noah Morris', 'similar'],
    ['Thomas', 'Harry Tomas', 'similar'],
    // Only the family name.
    ['David Wang', '王伟', 'family_only'],
    ['David Wong', '王伟', 'family_only'],
    ['张伟', '张文', 'family_only'],
    ['王小明', '王大伟', 'family_only'],
    ['John Smith', 'Mary Smith', 'family_only'],
    // Nothing.
    ['张伟', '李娜', 'different'],
    ['张伟', '李伟', 'different'],
    ['David Wang', '李娜', 'different'],
    ['John Smith', 'Mary Jones', 'different'],
    ['John Smith', 'Smith Jane', 'different'],
    ['阿卜杜勒·买买提', '买买提', 'different'],
    // No evidence.
    [null, '张伟', 'missing'],
    ['  ', '张伟', 'missing'],
    [null, null, 'missing'],
  ])('%j / %j -> %s', (a, b, level) => {
    expect(compare(a, b)).toBe(level);
  });

  it('compares names built from family and given fields like full names', () => {
    expect(compareNames(nameFeatures(null, '王', '小明'), nameFeatures('王小明'))).toBe(NameLevel.exact);
    expect(compareNames(nameFeatures(null, 'Smith', 'John'), nameFeatures('John Smith'))).toBe(
      NameLevel.exact,
    );
  });
});
