// The street part of an address as a set of tokens, so that two spellings of one place share
// most of them: '张杨路500号华润时代广场12楼' -> 张杨路 / 500号 / 华润时代广场 / 12楼.

import { chineseNumeral } from './chinese-numerals.ts';

// Words that end a part of a Chinese address, longest first so '大道' wins over '道'.
// prettier-ignore
const MARKERS = [
  '大道', '大街', '街道', '胡同', '号楼', '小区', '花园', '家园', '公寓', '广场', '大厦', '中心', '单元', '新村',
  '山庄', '路', '街', '道', '巷', '弄', '号', '栋', '座', '室', '楼', '层', '村', '组', '镇', '乡', '苑', '院', '期',
];
const PART = new RegExp(`.+?(?:${MARKERS.join('|')})|.+`, 'gu');
// A Chinese numeral right before a unit: 三单元, 十二楼, 五〇一室 (not road names: 五四路 stays).
const NUMERAL_BEFORE_UNIT = /[零〇一二两三四五六七八九十百千]+(?=号|栋|幢|座|单元|层|楼|室|期|弄|组)/gu;
// Building spellings: 3号楼, 3#楼 and 3幢 are all 3栋; a bare 500# is 500号.
const BUILDING = /(\d+)(?:号楼|#楼|幢)/g;
const NUMBER_SIGN = /(\d+)#/g;
const PUNCTUATION = /[\s,.;:!?()[\]{}"'、。，；：（）【】「」《》]+/gu;

// Street words and their usual abbreviations (Australia Post / USPS), so 'smith street' = 'smith st'.
// prettier-ignore
const LATIN_ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['street', 'st'], ['road', 'rd'], ['avenue', 'ave'], ['av', 'ave'], ['boulevard', 'blvd'], ['drive', 'dr'],
  ['lane', 'ln'], ['court', 'ct'], ['place', 'pl'], ['square', 'sq'], ['terrace', 'tce'], ['crescent', 'cres'],
  ['highway', 'hwy'], ['parade', 'pde'], ['circuit', 'cct'], ['close', 'cl'], ['parkway', 'pkwy'],
  ['north', 'n'], ['south', 's'], ['east', 'e'], ['west', 'w'], ['apartment', 'apt'], ['suite', 'ste'],
  ['building', 'bldg'], ['floor', 'fl'], ['mount', 'mt'], ['saint', 'st'], ['number', 'no'],
]);

/** Tokens of a Chinese street address (already without province, city and district). */
export function chineseAddressTokens(text: string): string[] {
  const cleaned = text
    .replace(PUNCTUATION, '')
    .replace(NUMERAL_BEFORE_UNIT, (numeral) => String(chineseNumeral(numeral) ?? numeral))
    .replace(BUILDING, '$1栋')
    .replace(NUMBER_SIGN, '$1号');
  return unique(cleaned.match(PART) ?? []);
}

/** Tokens of an address in letters: lower-case words with street words abbreviated. */
export function latinAddressTokens(text: string): string[] {
  const words = text
    .toLowerCase()
    .replace(/[,.;:#()"/\\]+/g, ' ')
    .split(/\s+/);
  return unique(words.filter((w) => w !== '').map((w) => LATIN_ABBREVIATIONS.get(w) ?? w));
}

function unique(tokens: readonly string[]): string[] {
  return [...new Set(tokens)];
}
