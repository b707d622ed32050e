// The per-record half of address comparison. Chinese addresses repeat their province, city and
// district inside the street address, or not ('上海市浦东新区张杨路500号' / '张杨路500号'), and
// write them with or without 省/市/区; all of that is settled here, once per record.

import { chineseAddressTokens, latinAddressTokens } from './address-tokens.ts';
import { toSimplified } from './traditional.ts';

/** Precomputed per record; compareAddresses runs on these. */
export interface AddressFeatures {
  /** City without its 市 ('上海'); lower-case for names in letters. Null when unknown. */
  readonly city: string | null;
  /** District or county without its 区/县 ('浦东'). Null when unknown. */
  readonly district: string | null;
  /** Tokens of the street address, without the province, city and district; no repeats. */
  readonly tokens: readonly string[];
}

// prettier-ignore
const PROVINCES = [
  '北京', '天津', '上海', '重庆', '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西',
  '山东', '河南', '湖北', '湖南', '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾', '内蒙古',
  '广西', '西藏', '宁夏', '新疆', '香港', '澳门',
];
const MUNICIPALITIES: ReadonlySet<string> = new Set(['北京', '天津', '上海', '重庆']);
const PROVINCE_SUFFIXES = ['省', '市', '壮族自治区', '回族自治区', '维吾尔自治区', '自治区', '特别行政区'];
const CITY_SUFFIXES = ['市', '地区', '盟'];
const DISTRICT_SUFFIXES = ['新区', '区', '县', '市', '旗'];
const PROVINCE_SUFFIX = `(?:${PROVINCE_SUFFIXES.join('|')})`;
const LEADING_PROVINCE = new RegExp(`^(${PROVINCES.join('|')})${PROVINCE_SUFFIX}?`, 'u');
const TRAILING_PROVINCE_SUFFIX = new RegExp(`${PROVINCE_SUFFIX}$`, 'u');
const TRAILING_CITY_SUFFIX = new RegExp(`(?:${CITY_SUFFIXES.join('|')})$`, 'u');
const TRAILING_DISTRICT_SUFFIX = new RegExp(`(?:${DISTRICT_SUFFIXES.join('|')})$`, 'u');
const LEADING_CITY = new RegExp(`^([\\u4e00-\\u9fff]{2,4}?)(?:${CITY_SUFFIXES.join('|')})`, 'u');
const LEADING_DISTRICT = new RegExp(
  `^([\\u4e00-\\u9fff]{1,4}?)(?:${DISTRICT_SUFFIXES.filter((s) => s !== '市').join('|')})`,
  'u',
);
// What follows a name that belongs to a street, not to a place: 浦东大道, 信义路, 江西中路.
const STREET_WORD = /^[东南西北中]?(?:路|街|大道|大街|道|巷|弄|胡同|广场|大厦|中心|小区|花园)/u;
// Places named like a district that are not one: 阳光小区 is a housing estate.
const NOT_A_DISTRICT = /(?:小区|社区|园区|校区|景区|厂区|矿区|营区|街区)$/u;
// What some registers put in the city column of a municipality's address.
const CITY_PLACEHOLDERS: ReadonlySet<string> = new Set([
  '市辖区',
  '县',
  '省直辖县级行政区划',
  '自治区直辖县级行政区划',
]);
const HAN = /\p{Script=Han}/u;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

/**
 * Prepares an address for compareAddresses: city and district in one spelling, and the street
 * address as tokens with the province/city/district it repeats stripped. Null when all is blank.
 */
export function normaliseAddress(
  province: string | null,
  city: string | null,
  district: string | null,
  address: string | null,
): AddressFeatures | null {
  const provinceText = clean(province);
  const cityText = clean(city);
  const districtText = clean(district);
  const provinceName = provinceText === null ? null : withoutSuffix(provinceText, TRAILING_PROVINCE_SUFFIX);
  let cityName =
    cityText === null || CITY_PLACEHOLDERS.has(cityText)
      ? null
      : withoutSuffix(cityText, TRAILING_CITY_SUFFIX);
  if (cityName === null && provinceName !== null && MUNICIPALITIES.has(provinceName)) cityName = provinceName;
  let districtName = districtText === null ? null : withoutSuffix(districtText, TRAILING_DISTRICT_SUFFIX);

  let street = clean(address) ?? '';
  const chinese = HAN.test(street);
  if (chinese) {
    street = street.replace(/\s+/g, '');
    // Each level at most once, in any order ('上海市上海市浦东新区' is province then city), and
    // each known spelling: given as is, bare, or with a suffix.
    const levels = [
      spellings(provinceText, provinceName, PROVINCE_SUFFIXES),
      spellings(cityText, cityName, CITY_SUFFIXES),
      spellings(districtText, districtName, DISTRICT_SUFFIXES),
    ];
    let afterPlace = false;
    for (let round = 0; round < 3; round++) {
      const level = levels.findIndex((names) => stripLeading(street, names) !== street);
      if (level < 0) break;
      street = stripLeading(street, levels[level] as string[]);
      levels[level] = [];
      afterPlace = true;
    }
    // Places not given in their own fields, recognised by their suffix.
    const provinceMatch = LEADING_PROVINCE.exec(street);
    if (provinceMatch !== null && !STREET_WORD.test(street.slice(provinceMatch[0].length))) {
      const name = provinceMatch[1] as string;
      if (cityName === null && MUNICIPALITIES.has(name)) cityName = name;
      street = street.slice(provinceMatch[0].length);
      afterPlace = true;
    }
    const cityMatch = cityName === null ? LEADING_CITY.exec(street) : null;
    if (cityMatch !== null && !STREET_WORD.test(street.slice(cityMatch[0].length))) {
      cityName = cityMatch[1] as string;
      street = street.slice(cityMatch[0].length);
      afterPlace = true;
    }
    // A district is only looked for where one is expected: after the province or city, or first
    // when the city is known.
    const lookForDistrict = districtName === null && (afterPlace || cityName !== null);
    const districtMatch = lookForDistrict ? LEADING_DISTRICT.exec(street) : null;
    if (districtMatch !== null && !NOT_A_DISTRICT.test(districtMatch[0])) {
      districtName = districtMatch[1] as string;
      street = street.slice(districtMatch[0].length);
    }
  }
  const tokens = street === '' ? [] : chinese ? chineseAddressTokens(street) : latinAddressTokens(street);
  if (cityName === null && districtName === null && tokens.length === 0) return null;
  return { city: cityName, district: districtName, tokens };
}

/** NFKC (full-width digits and letters to ASCII), zero-width removed, traditional folded, lower-case. */
function clean(text: string | null): string | null {
  if (text === null) return null;
  const cleaned = toSimplified(text.normalize('NFKC').replace(ZERO_WIDTH, ''))
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned === '' ? null : cleaned;
}

/** A place name without its administrative suffix, unless that would leave one character. */
function withoutSuffix(name: string, suffix: RegExp): string {
  const bare = name.replace(suffix, '');
  return [...bare].length >= 2 ? bare : name;
}

/** The ways a place may be written at the start of an address, without spaces. */
function spellings(text: string | null, name: string | null, suffixes: readonly string[]): string[] {
  if (text === null || name === null) return [];
  return [text.replace(/\s+/g, ''), name, ...suffixes.map((suffix) => name + suffix)];
}

/**
 * `text` without the longest of `names` it starts with. A bare name is kept when a street word
 * follows it: in 浦东大道 the 浦东 is part of the road's name, not the district.
 */
function stripLeading(text: string, names: readonly string[]): string {
  let longest = '';
  for (const name of names) {
    if (name.length <= longest.length || !text.startsWith(name)) continue;
    if (STREET_WORD.test(text.slice(name.length))) continue;
    longest = name;
  }
  return text.slice(longest.length);
}
