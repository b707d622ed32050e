import { describe, expect, it } from 'vitest';
import { normaliseAddress } from './address-features.ts';

const SHANGHAI_STREET = ['张杨路', '500号', '华润时代广场', '12楼'];

type Address = [string | null, string | null, string | null, string | null];

describe('normaliseAddress', () => {
  it.each<[Address, string | null, string | null, string[]]>([
    // [province, city, district, address] -> city, district, tokens
    [[null, '上海市', null, '上海市浦东新区张杨路500号华润时代广场12楼'], '上海', '浦东', SHANGHAI_STREET],
    [[null, '上海市', null, '张杨路500号 华润时代广场12楼'], '上海', null, SHANGHAI_STREET],
    [[null, '上海', '浦东新区', '上海浦东张杨路500号华润时代广场12楼'], '上海', '浦东', SHANGHAI_STREET],
    [
      ['上海市', '市辖区', '浦东新区', '上海市上海市浦东新区张杨路500号华润时代广场12楼'],
      '上海',
      '浦东',
      SHANGHAI_STREET,
    ],
    [[null, null, null, '上海市浦东新区张杨路５００号华润时代广场１２楼'], '上海', '浦东', SHANGHAI_STREET],
    [[null, null, null, '上海市 浦东新区 张杨路500号 华润时代广场 12楼'], '上海', '浦东', SHANGHAI_STREET],
    [[null, '上海市', null, '浦东新区张杨路500号华润时代广场12楼'], '上海', '浦东', SHANGHAI_STREET],
    [
      ['江苏省', '苏州市', '工业园区', '江苏省苏州市工业园区星湖街328号'],
      '苏州',
      '工业园',
      ['星湖街', '328号'],
    ],
    [[null, null, null, '广东省深圳市南山区科技园阳光小区3号楼'], '深圳', '南山', ['科技园阳光小区', '3栋']],
    [['广东省', '深圳市', null, '阳光小区3号楼'], '深圳', null, ['阳光小区', '3栋']],
    [['臺灣', '臺北市', '信義區', '臺北市信義區信義路五段7號'], '台北', '信义', ['信义路', '五段7号']],
    // Roads named after a province or the district keep their name.
    [[null, '上海市', null, '上海市江西中路100号'], '上海', null, ['江西中路', '100号']],
    [[null, null, null, '北京东路100号'], null, null, ['北京东路', '100号']],
    [[null, '上海', '浦东新区', '浦东新区浦东大道100号'], '上海', '浦东', ['浦东大道', '100号']],
    [[null, '上海', '浦东新区', '浦东大道100号'], '上海', '浦东', ['浦东大道', '100号']],
    [[null, null, null, '新城市广场1号'], null, null, ['新城市广场', '1号']],
    [[null, 'Sydney', null, '12 Smith Street'], 'sydney', null, ['12', 'smith', 'st']],
    [[null, null, null, '12 smith st'], null, null, ['12', 'smith', 'st']],
    [[null, '北京市', '朝阳区', null], '北京', '朝阳', []],
  ])('%j', (input, city, district, tokens) => {
    expect(normaliseAddress(...input)).toEqual({ city, district, tokens });
  });

  it('is null when everything is blank', () => {
    expect(normaliseAddress(null, null, null, null)).toBeNull();
    expect(normaliseAddress(' ', '', null, '\u3000')).toBeNull();
  });

  it('takes a municipality as the city when only the province is given', () => {
    expect(normaliseAddress('北京市', null, '朝阳区', null)).toEqual({
      city: '北京',
      district: '朝阳',
      tokens: [],
    });
  });
});
