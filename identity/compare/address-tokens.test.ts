import { describe, expect, it } from 'vitest';
import { chineseAddressTokens, latinAddressTokens } from './address-tokens.ts';

describe('chineseAddressTokens', () => {
  it.each([
    ['张杨路500号华润时代广场12楼', ['张杨路', '500号', '华润时代广场', '12楼']],
    ['张杨路500号 华润时代广场 12楼', ['张杨路', '500号', '华润时代广场', '12楼']],
    ['世纪大道100号环球金融中心', ['世纪大道', '100号', '环球金融中心']],
    ['阳光小区3号楼2单元501室', ['阳光小区', '3栋', '2单元', '501室']],
    ['阳光小区3#楼2单元501室', ['阳光小区', '3栋', '2单元', '501室']],
    ['阳光小区3幢二单元五〇一室', ['阳光小区', '3栋', '2单元', '501室']],
    ['幸福家园十二楼', ['幸福家园', '12楼']],
    ['五四路88#', ['五四路', '88号']],
    ['南京东路（近河南中路）', ['南京东路', '近河南中路']],
    ['朝阳门外大街', ['朝阳门外大街']],
    ['', []],
  ])('%s', (text, tokens) => {
    expect(chineseAddressTokens(text)).toEqual(tokens);
  });
});

describe('latinAddressTokens', () => {
  it.each([
    ['12 Smith Street', ['12', 'smith', 'st']],
    ['12 smith st.', ['12', 'smith', 'st']],
    ['Unit 4, 7 North Road', ['unit', '4', '7', 'n', 'rd']],
    ['  ', []],
  ])('%j', (text, tokens) => {
    expect(latinAddressTokens(text)).toEqual(tokens);
  });
});
