// The B2B side of the world: account hierarchies (group -> subsidiary -> site, plus standalone
// companies), contracts with seats and renewals, and which accounts churn at renewal. Accounts are few
// (about one per 60 persons), so they are built once up front and kept in memory.

import type { Calendar } from './calendar.ts';
import { CITIES, cityAt, cityTable } from './places.ts';
import type { Rng } from './random.ts';
import { permute, rngFor } from './random.ts';
import { STREAM } from './streams.ts';

export type AccountLevel = 'group' | 'subsidiary' | 'site' | 'standalone';

export interface Account {
  index: number;
  code: string;
  name: string;
  parent: number;
  level: AccountLevel;
  industry: string;
  cityIndex: number;
  tier: string;
  domain: string;
  /** A shared mailbox several contacts put down as their own email (a hard negative). */
  genericEmail: string;
  /** Groups only roll up their children; everyone else holds a contract. */
  contracted: boolean;
  contractStartDay: number;
  /** The first contract anniversary on or after the window start. */
  renewalDay: number;
  seats: number;
  /** Day the account churned (did not renew), or -1. */
  churnDay: number;
  /** Share of seats active on a typical weekday while healthy. */
  adoption: number;
}

// Two-character trade names: a first and a second character, each with its pinyin (for the domain).
const BRAND_FIRST =
  '恒heng 华hua 瑞rui 鼎ding 中zhong 金jin 海hai 宏hong 嘉jia 永yong 博bo 众zhong 明ming 天tian 远yuan 星xing 智zhi 云yun 安an 启qi 盛sheng 新xin 联lian 诚cheng 康kang 泰tai 德de 鑫xin 通tong 汇hui';
const BRAND_SECOND =
  '信xin 通tong 丰feng 盛sheng 源yuan 润run 达da 禾he 雅ya 成cheng 航hang 辰chen 帆fan 明ming 锐rui 创chuang 科ke 邦bang 宇yu 峰feng 利li 隆long 祥xiang 益yi 和he 兴xing 拓tuo 荣rong 凯kai';
const split = (list: string) => list.split(' ').map((t) => [t.slice(0, 1), t.slice(1)] as const);
const BRANDS = split(BRAND_FIRST).flatMap(([a, pa]) =>
  split(BRAND_SECOND)
    .filter(([b]) => b !== a)
    .map(([b, pb]) => [a + b, pa + pb] as const),
);

// prettier-ignore
const INDUSTRIES: readonly (readonly [string, string, string])[] = [
  ['零售', '商贸', 'trade'], ['医疗', '医疗科技', 'med'], ['物流', '物流', 'logistics'], ['制造', '精密制造', 'mfg'],
  ['教育', '教育科技', 'edu'], ['餐饮', '餐饮管理', 'food'], ['金融', '金融信息服务', 'fin'], ['互联网', '网络科技', 'tech'],
];
const TIERS: readonly string[] = ['KA', 'A', 'B', 'B', 'C', 'C', 'C'];
const GENERIC_MAILBOXES = ['purchase', 'caigou', 'admin', 'info', 'hr', 'finance', 'service'];
const TLDS = ['.com.cn', '.cn', '.com'];

/** All accounts for a population of n persons. */
export function buildAccounts(seed: number, n: number, cal: Calendar): Account[] {
  const target = Math.max(12, Math.round(n / 60));
  const rng = rngFor(seed, STREAM.crm, 0);
  const accounts: Account[] = [];
  let brandCounter = 0;
  const add = (
    parent: number,
    level: AccountLevel,
    brand: number,
    industry: number,
    city: number,
  ): Account => {
    // Brands are visited in a scrambled order; past the ~870 two-character names, names repeat (as
    // real ones do across cities) and only the domain gets a number.
    const [brandName, brandPinyin] = BRANDS[
      permute(brand % BRANDS.length, BRANDS.length, 40_503, 2_654_435)
    ] as readonly [string, string];
    const [industryName, industryWord, industryCode] = INDUSTRIES[industry] as readonly [
      string,
      string,
      string,
    ];
    const cityName = cityAt(city).city.replace(/市$/, '');
    const variant = Math.floor(brand / BRANDS.length);
    const stem = brandName;
    const name =
      level === 'group'
        ? `${stem}${industryWord}集团有限公司`
        : level === 'site'
          ? `${stem}${industryWord}${cityName}${cityAt(city).districts[0]?.[0] ?? ''}分部`
          : level === 'subsidiary'
            ? `${stem}${industryWord}(${cityName})有限公司`
            : `${cityName}${stem}${industryWord}有限公司`;
    const domain = `${brandPinyin}${variant > 0 ? String(variant) : ''}-${industryCode}${rng.pick(TLDS)}`;
    const contracted = level !== 'group';
    const start = -rng.between(30, 1000);
    const years = Math.ceil(-start / 365);
    const account: Account = {
      index: accounts.length,
      code: `AC${String(100_001 + accounts.length * 7)}`,
      name,
      parent,
      level,
      industry: industryName,
      cityIndex: city,
      tier: rng.pick(TIERS),
      domain,
      genericEmail: `${rng.pick(GENERIC_MAILBOXES)}@${domain}`,
      contracted,
      contractStartDay: start,
      renewalDay: start + years * 365,
      seats: contracted ? Math.round(rng.lognormal(3, 0.9)) + 5 : 0,
      churnDay: -1,
      adoption: 0.35 + rng.float() * 0.5,
    };
    accounts.push(account);
    return account;
  };
  while (accounts.length < target) {
    const industry = rng.int(INDUSTRIES.length);
    const brand = brandCounter++;
    if (rng.chance(0.08)) {
      const group = add(-1, 'group', brand, industry, cityTable.pick(rng));
      const subsidiaries = rng.between(2, 3);
      for (let s = 0; s < subsidiaries; s++) {
        const sub = add(group.index, 'subsidiary', brand, industry, cityTable.pick(rng));
        const sites = rng.between(0, 2);
        for (let k = 0; k < sites; k++) add(sub.index, 'site', brand, industry, rng.int(CITIES.length));
      }
    } else add(-1, 'standalone', brand, industry, cityTable.pick(rng));
  }
  chooseChurners(rng, accounts, cal.days);
  return accounts;
}

// Churn happens at renewal; at least two accounts churn late enough in the window that the 60-90 day
// usage decline before it is visible in the data.
function chooseChurners(rng: Rng, accounts: Account[], days: number): void {
  const contracted = accounts.filter((a) => a.contracted);
  for (const a of contracted) if (a.renewalDay < days && rng.chance(0.15)) a.churnDay = a.renewalDay;
  const late = contracted.filter((a) => a.churnDay >= days / 2);
  const candidates = contracted.filter((a) => a.churnDay < 0);
  for (let k = late.length; k < 2 && candidates.length > 0 && days >= 30; k++) {
    const a = candidates.splice(rng.int(candidates.length), 1)[0] as Account;
    a.churnDay = Math.floor(days / 2) + rng.int(Math.ceil(days / 2));
    a.renewalDay = a.churnDay;
    a.contractStartDay = a.churnDay - 365 * rng.between(1, 2);
  }
}
