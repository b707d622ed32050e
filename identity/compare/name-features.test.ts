import { describe, expect, it } from 'vitest';
import { nameFeatures } from './name-features.ts';

describe('nameFeatures', () => {
  it.each([
    ['张伟', '张伟', 'han', 'zhangwei', ['zhang', 'wei'], 'zhang'],
    ['張偉', '张伟', 'han', 'zhangwei', ['zhang', 'wei'], 'zhang'],
    ['张 伟', '张伟', 'han', 'zhangwei', ['zhang', 'wei'], 'zhang'],
    ['张\u3000伟\u200b', '张伟', 'han', 'zhangwei', ['zhang', 'wei'], 'zhang'],
    ['欧阳娜娜', '欧阳娜娜', 'han', 'ouyangnana', ['ou', 'yang', 'na', 'na'], 'ouyang'],
    ['歐陽娜娜', '欧阳娜娜', 'han', 'ouyangnana', ['ou', 'yang', 'na', 'na'], 'ouyang'],
    ['尉迟恭', '尉迟恭', 'han', 'yuchigong', ['yu', 'chi', 'gong'], 'yuchi'],
    // Polyphonic surnames take their surname reading.
    ['曾凡', '曾凡', 'han', 'zengfan', ['zeng', 'fan'], 'zeng'],
    ['单于洋', '单于洋', 'han', 'shanyuyang', ['shan', 'yu', 'yang'], 'shan'],
    ['吕布', '吕布', 'han', 'lvbu', ['lv', 'bu'], 'lv'],
    // A transliterated name has no Chinese surname.
    [
      '阿卜杜勒·买买提',
      '阿卜杜勒买买提',
      'han',
      'abudulemaimaiti',
      ['a', 'bu', 'du', 'le', 'mai', 'mai', 'ti'],
      null,
    ],
    ['Zhang Wei', 'zhang wei', 'latin', 'zhangwei', ['zhang', 'wei'], 'zhang'],
    ['  ZHANG   Wei ', 'zhang wei', 'latin', 'zhangwei', ['zhang', 'wei'], 'zhang'],
    ['Ｚｈａｎｇ Ｗｅｉ', 'zhang wei', 'latin', 'zhangwei', ['zhang', 'wei'], 'zhang'],
    ['Wei Zhang', 'wei zhang', 'latin', 'weizhang', ['wei', 'zhang'], 'zhang'],
    ['Wei ZHANG', 'wei zhang', 'latin', 'weizhang', ['wei', 'zhang'], 'zhang'],
    ['Zhang, Wei', 'zhang wei', 'latin', 'zhangwei', ['zhang', 'wei'], 'zhang'],
    ['zhangwei', 'zhangwei', 'latin', 'zhangwei', ['zhangwei'], null],
    ['Li Wei', 'li wei', 'latin', 'liwei', ['li', 'wei'], 'li'],
    ['Wei Li', 'wei li', 'latin', 'weili', ['wei', 'li'], 'li'],
    ['Wang Xiaoming', 'wang xiaoming', 'latin', 'wangxiaoming', ['wang', 'xiaoming'], 'wang'],
    ['Xiaoming Wang', 'xiaoming wang', 'latin', 'xiaomingwang', ['xiaoming', 'wang'], 'wang'],
    ['David Wang', 'david wang', 'latin', 'davidwang', ['david', 'wang'], 'wang'],
    ['David Wong', 'david wong', 'latin', 'davidwong', ['david', 'wong'], 'wang'],
    ['Chan Tai Man', 'chan tai man', 'latin', 'chantaiman', ['chan', 'tai', 'man'], 'chen'],
    ['Lü Bu', 'lv bu', 'latin', 'lvbu', ['lv', 'bu'], 'lv'],
    ['Lyu Bu', 'lv bu', 'latin', 'lvbu', ['lv', 'bu'], 'lv'],
    ['john smith', 'john smith', 'latin', 'johnsmith', ['john', 'smith'], 'smith'],
    ['DAVID WANG', 'david wang', 'latin', 'davidwang', ['david', 'wang'], 'wang'],
    ["Siobhán O'Brien", 'siobhan obrien', 'latin', 'siobhanobrien', ['siobhan', 'obrien'], 'obrien'],
    [
      'Zoë Lefèvre-Müller',
      'zoe lefevre muller',
      'latin',
      'zoelefevremuller',
      ['zoe', 'lefevre', 'muller'],
      'muller',
    ],
    ['Łukasz Søren', 'lukasz soren', 'latin', 'lukaszsoren', ['lukasz', 'soren'], 'soren'],
    ['Lily 王', 'lily 王', 'mixed', 'lilywang', ['lily', 'wang'], 'wang'],
    ['Lily王', 'lily 王', 'mixed', 'lilywang', ['lily', 'wang'], 'wang'],
    ['김민준', '김민준', 'mixed', '김민준', ['김민준'], null],
  ] as const)('%j', (full, norm, script, pinyin, tokens, family) => {
    expect(nameFeatures(full)).toEqual({ norm, script, pinyin, tokens, family });
  });

  it.each([null, undefined, '', '   ', '123', '·', '\u200b'])('is null for %j', (full) => {
    expect(nameFeatures(full)).toBeNull();
  });

  it('takes the family name from its own field when given', () => {
    expect(nameFeatures('Wei Li', 'Wei')?.family).toBe('wei');
    expect(nameFeatures('单伟', '单')).toMatchObject({ tokens: ['shan', 'wei'], family: 'shan' });
    expect(nameFeatures('欧阳娜', '欧阳')).toMatchObject({ tokens: ['ou', 'yang', 'na'], family: 'ouyang' });
    expect(nameFeatures('David Wong', 'WONG')?.family).toBe('wang');
  });

  it('builds the name from family and given name when the full name is blank', () => {
    expect(nameFeatures(null, '王', '小明')).toEqual(nameFeatures('王小明'));
    expect(nameFeatures('', '張', '偉')).toEqual(nameFeatures('张伟'));
    expect(nameFeatures(null, 'Smith', 'John')).toEqual({
      norm: 'john smith',
      script: 'latin',
      pinyin: 'johnsmith',
      tokens: ['john', 'smith'],
      family: 'smith',
    });
    expect(nameFeatures(null, '王', null)).toMatchObject({ norm: '王', family: 'wang' });
    expect(nameFeatures(null, null, '')).toBeNull();
  });

  it('prepares 100k generated names', () => {
    const families = [...'王李张刘陈杨黄赵吴周徐孙馬朱胡郭何高林羅鄭'];
    const givens = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英華偉'];
    const latinGivens = ['David', 'Lily', 'Wei', 'Xiaoming', 'Na', 'John', 'Zoë'];
    let seed = 7;
    // The high bits of a linear congruential generator: its low bits repeat with a short period.
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    let prepared = 0;
    for (let i = 0; i < 100_000; i++) {
      const family = families[next(families.length)] as string;
      const given =
        (givens[next(givens.length)] as string) +
        (next(2) === 0 ? (givens[next(givens.length)] as string) : '');
      const han = family + given;
      const name =
        i % 3 === 0 ? `${latinGivens[next(latinGivens.length)]} ${nameFeatures(family)?.pinyin}` : han;
      const features = nameFeatures(name);
      if (features !== null && features.family !== null && features.pinyin === features.tokens.join(''))
        prepared++;
    }
    expect(prepared).toBe(100_000);
  });
});
