import { describe, expect, it } from 'vitest';
import { normaliseAddress } from './address-features.ts';
import { ADDRESS_LEVELS, compareAddresses } from './compare-addresses.ts';

type Address = readonly [string | null, string | null, string | null, string | null];

const compare = (a: Address, b: Address): string => {
  const level = compareAddresses(normaliseAddress(...a), normaliseAddress(...b));
  expect(compareAddresses(normaliseAddress(...b), normaliseAddress(...a))).toBe(level);
  return ADDRESS_LEVELS[level] as string;
};

describe('compareAddresses', () => {
  it('counts a mistyped street word as the same word (FEBRL: stockwekl / stockwell)', () => {
    const a = normaliseAddress('QLD', 'diggers rest', null, '15 heydon crescent, stockwekl hotel');
    const b = normaliseAddress('QLD', 'diggers rest', null, '15 heydon crescent, stockwell hotel');
    const c = normaliseAddress('QLD', 'diggers rest', null, '7 tullaroop street, kingsford hotel');
    expect(ADDRESS_LEVELS[compareAddresses(a, b)]).toBe('similar_street');
    expect(ADDRESS_LEVELS[compareAddresses(a, c)]).toBe('same_city');
  });

  it('counts a mistyped city in letters as the same city, not Han cities', () => {
    const level = (x: string, y: string) =>
      ADDRESS_LEVELS[
        compareAddresses(normaliseAddress(null, x, null, null), normaliseAddress(null, y, null, null))
      ];
    expect(level('Birmingham', 'Birmngham')).toBe('same_city');
    expect(level('st james', 'st jmaes')).toBe('same_city');
    expect(level('Bolton', 'Boltno')).toBe('same_city');
    // The cost: a letter apart is a typo or another town.
    expect(level('Bolton', 'Boston')).toBe('same_city');
    expect(level('Leeds', 'Leek')).toBe('different');
    expect(level('Newport', 'Newquay')).toBe('different');
    expect(level('广州', '广元')).toBe('different');
    // The street still decides above the city.
    const a = normaliseAddress('NSW', 'glen ayre camdn', null, '5 templeton street');
    const b = normaliseAddress('NSW', 'glen ayre camden', null, '5 templeton street');
    expect(ADDRESS_LEVELS[compareAddresses(a, b)]).toBe('exact');
  });

  it('names its levels', () => {
    expect(ADDRESS_LEVELS).toEqual([
      'missing',
      'different',
      'same_city',
      'same_district',
      'similar_street',
      'exact',
    ]);
  });

  it.each<[Address, Address, string]>([
    [
      [null, '上海市', null, '上海市浦东新区张杨路500号华润时代广场12楼'],
      [null, '上海市', null, '张杨路500号 华润时代广场12楼'],
      'exact',
    ],
    [
      [null, '上海市', '浦东新区', '张杨路500号华润时代广场12楼'],
      ['上海', '上海', null, '上海市浦东新区张杨路500号华润时代广场１２楼'],
      'exact',
    ],
    [[null, null, null, '12 Smith Street'], [null, null, null, '12 smith st.'], 'exact'],
    [
      [null, '上海市', null, '张杨路500号华润时代广场12楼'],
      [null, '上海市', null, '张杨路500号华润时代广场12楼1201室'],
      'similar_street',
    ],
    [
      [null, '上海市', '浦东新区', '张杨路500号华润时代广场12楼'],
      [null, '上海市', '浦东新区', '张杨路501号'],
      'same_district',
    ],
    [[null, '上海市', '浦东新区', '张杨路500号'], [null, '上海市', '黄浦区', '张杨路500号'], 'same_city'],
    [[null, '上海市', null, '张杨路500号'], [null, '上海市', null, '南京东路100号'], 'same_city'],
    [[null, '上海市', null, '张杨路500号'], [null, '北京市', null, '张杨路500号'], 'different'],
    [[null, null, null, '张杨路500号'], [null, null, null, '南京东路100号'], 'different'],
    [[null, '上海市', null, null], [null, null, null, '南京东路100号'], 'missing'],
    [[null, null, null, null], [null, '上海市', null, '张杨路500号'], 'missing'],
  ])('%j / %j -> %s', (a, b, level) => {
    expect(compare(a, b)).toBe(level);
  });
});
