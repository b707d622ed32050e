// The full hidden person: names, phones, emails, addresses and every identifier a source system may
// hold. Each concern draws from its own stream, and every identifier that must be unique (phones,
// cards, platform ids, QQ numbers) is a bijection of the person index, so collisions never happen by
// chance; the only shared identifiers are the deliberate ones (household phones, generic mailboxes).

import type { GenContext } from './context.ts';
import { personId } from './context.ts';
import { isoDateOfEpochDay } from './calendar.ts';
import {
  ENGLISH_FEMALE,
  ENGLISH_MALE,
  femaleGivenChars,
  FOREIGN_SURNAMES,
  givenSyllables,
  maleGivenChars,
  NICK_PARTS,
  pinyinOf,
  surnameTable,
} from './names.ts';
import { mobileFor } from './phones.ts';
import { cityAt, COMMUNITIES, STREETS } from './places.ts';
import type { PersonCore } from './population.ts';
import { personCore } from './population.ts';
import type { Rng } from './random.ts';
import { permute, rngFor, Weighted } from './random.ts';
import { makeResidentId } from './resident-id.ts';
import { MAX_CUSTOMERS, STREAM } from './streams.ts';

export interface PersonName {
  /** Legal family name (Chinese characters, or the Latin surname of a foreigner). */
  family: string;
  given: string;
  /** Legal full name as an official system prints it. */
  full: string;
  /** English first name used socially ('Kevin'), if any. */
  english: string;
  familyPinyin: string;
  givenPinyin: string[];
}

export interface Address {
  province: string;
  city: string;
  district: string;
  street: string;
  detail: string;
}

export interface Person {
  core: PersonCore;
  id: string;
  name: PersonName;
  birthDate: string;
  phone: string;
  phone2: string;
  email: string;
  workEmail: string;
  residentId: string;
  passport: string;
  insuranceNo: string;
  address: Address;
  /** Address after moving (equal to address when the person never moved). */
  laterAddress: Address;
  unionId: string;
  unionId2: string;
  miniOpenId: string;
  miniOpenId2: string;
  officialAccountOpenId: string;
  wechatNickname: string;
  memberCards: string[];
  platformUserIds: string[];
  buyerNicks: string[];
  deviceId: string;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HEX = '0123456789ABCDEF';
const EMAIL_KIND = new Weighted<string>([
  ['qq', 40], ['163.com', 15], ['126.com', 8], ['sina.com', 4], ['139', 5], ['gmail.com', 8], ['outlook.com', 8],
  ['foxmail.com', 5], ['icloud.com', 7],
]);

/** The surname person i was born with (households share the head's). */
function surnameOf(ctx: GenContext, i: number): string {
  return surnameTable.pick(rngFor(ctx.seed, STREAM.surname, i));
}

function drawGiven(rng: Rng, core: PersonCore): string {
  const chars = core.male ? maleGivenChars : femaleGivenChars;
  const birthYear = Number(isoDateOfEpochDay(core.birthEpochDay).slice(0, 4));
  const single = rng.chance(birthYear < 1985 ? 0.4 : 0.22);
  const a = rng.pick(chars);
  if (single) return a;
  let b = rng.pick(chars);
  while (b === a) b = rng.pick(chars);
  return a + b;
}

/** The name of a person from its core. */
export function nameOf(ctx: GenContext, core: PersonCore): PersonName {
  const rng = rngFor(ctx.seed, STREAM.name, core.index);
  if (core.style === 'foreign') {
    const first = rng.pick(core.male ? ENGLISH_MALE : ENGLISH_FEMALE);
    const last = rng.pick(FOREIGN_SURNAMES);
    return { family: last, given: first, full: `${first} ${last}`, english: first, familyPinyin: '', givenPinyin: [] };
  }
  const family = surnameOf(ctx, core.householdHead >= 0 ? core.householdHead : core.index);
  let given = drawGiven(rng, core);
  if (core.householdHead >= 0) {
    const headGiven = nameOf(ctx, personCore(ctx, core.householdHead)).given;
    while (given === headGiven) given = drawGiven(rng, core);
  }
  const english = core.style === 'english' ? rng.pick(core.male ? ENGLISH_MALE : ENGLISH_FEMALE) : '';
  return { family, given, full: family + given, english, familyPinyin: pinyinOf(family), givenPinyin: givenSyllables(given) };
}

function addressIn(rng: Rng, cityIndex: number, districtIndex: number): Address {
  const city = cityAt(cityIndex);
  const district = city.districts[districtIndex % city.districts.length]?.[0] ?? '';
  const floor = rng.between(1, 28);
  return {
    province: city.province,
    city: city.city,
    district,
    street: `${rng.pick(STREETS)}${rng.between(1, 999)}号`,
    detail: `${rng.pick(COMMUNITIES)}${rng.between(1, 30)}栋${rng.between(1, 6)}单元${floor}${String(rng.between(1, 4)).padStart(2, '0')}室`,
  };
}

function nickname(rng: Rng, name: PersonName, year: string): string {
  const { adjectives, nouns, emoji } = NICK_PARTS;
  const pinyin = name.familyPinyin + name.givenPinyin.join('');
  switch (rng.int(7)) {
    case 0:
      return rng.pick(adjectives) + rng.pick(nouns);
    case 1:
      return `${rng.pick(nouns)}${rng.between(10, 99)}`;
    case 2:
      return `tb${rng.chars('0123456789', 10)}`;
    case 3:
      return `jd_${rng.chars('abcdefghijklmnopqrstuvwxyz', 6)}${rng.between(100, 999)}`;
    case 4:
      return pinyin ? `${pinyin}${year.slice(rng.chance(0.5) ? 2 : 0)}` : `${name.given.toLowerCase()}${year}`;
    case 5:
      return `${rng.pick(emoji)}${name.given.slice(-1)}${name.given.slice(-1)}${rng.pick(emoji)}`;
    default:
      return `${rng.pick(nouns)}爱吃${rng.pick(['鱼', '西瓜', '火锅', '甜品', '草莓'])}`;
  }
}

function emailOf(rng: Rng, core: PersonCore, name: PersonName, phone: string): string {
  const kind = EMAIL_KIND.pick(rng);
  const unique = permute(core.index, 10_000_000, 3_344_557, 1_234_567);
  if (kind === 'qq') return `${100_000_000 + permute(core.index, 900_000_000, 7_654_321, 98_765)}@qq.com`;
  if (kind === '139' && core.householdHead < 0) return `${phone}@139.com`;
  const local =
    core.style === 'foreign'
      ? `${name.given}.${name.family}`.toLowerCase()
      : (name.familyPinyin + name.givenPinyin.join('')).replace('ü', 'v');
  return `${local}${unique}@${kind === '139' ? '163.com' : kind}`;
}

/** Builds every attribute of person i. */
export function makePerson(ctx: GenContext, core: PersonCore): Person {
  const i = core.index;
  const name = nameOf(ctx, core);
  const birthDate = isoDateOfEpochDay(core.birthEpochDay);
  const head = core.householdHead >= 0 ? core.householdHead : i;
  const phone = mobileFor(rngFor(ctx.seed, STREAM.contact, head), head);
  const rng = rngFor(ctx.seed, STREAM.ids, i);
  const phone2 = core.twoPhones ? mobileFor(rng, i + MAX_CUSTOMERS) : '';
  const email = core.hasEmail ? emailOf(rng, core, name, phone) : '';
  const account = core.account >= 0 ? ctx.accounts[core.account] : undefined;
  const initials = core.style === 'foreign' ? name.given.toLowerCase() : name.givenPinyin.map((s) => s[0]).join('');
  const workLocal = `${(name.familyPinyin || name.family).toLowerCase()}${initials}${permute(i, 10_000, 7_777, 123)}`;
  const birthCity = cityAt(core.birthCityIndex);
  const region = birthCity.districts[core.birthDistrictIndex]?.[1] ?? '110101';
  const cityCode = (cityAt(core.cityIndex).districts[0]?.[1] ?? '110101').slice(0, 4);
  const addressRng = rngFor(ctx.seed, STREAM.address, head);
  const address = addressIn(addressRng, core.cityIndex, core.districtIndex);
  const laterAddress = core.moveDay >= 0 ? addressIn(addressRng, core.moveCityIndex, rng.int(8)) : address;
  const year = birthDate.slice(0, 4);
  const nicks = [nickname(rng, name, year)];
  const platformUserIds = [String(2_200_000_000 + permute(i, 1_000_000_000, 48_271_009, 5_000_011))];
  const cards = [`6688${String(permute(i, 100_000_000, 7_313_131, 4_242_424)).padStart(8, '0')}`];
  if (core.ecomSecondAccount) {
    platformUserIds.push(String(2_200_000_000 + permute(i + MAX_CUSTOMERS, 1_000_000_000, 48_271_009, 5_000_011)));
    nicks.push(nickname(rng, name, year));
  }
  if (core.posDuplicate) {
    cards.push(`6688${String(permute(i + MAX_CUSTOMERS, 100_000_000, 7_313_131, 4_242_424)).padStart(8, '0')}`);
  }
  const miniPrefix = 'oZk3_';
  return {
    core,
    id: personId(ctx, i),
    name,
    birthDate,
    phone,
    phone2,
    email,
    workEmail: account ? `${workLocal}@${account.domain}` : '',
    residentId:
      core.style === 'foreign' ? '' : makeResidentId(region, birthDate, rng.int(500), core.male),
    passport: core.style === 'foreign' ? `P${String(permute(i, 100_000_000, 9_191_919, 77)).padStart(8, '0')}` : '',
    insuranceNo:
      core.style !== 'foreign' && rng.chance(0.75)
        ? `${cityCode}${String(permute(i, 100_000_000, 3_131_313, 999)).padStart(8, '0')}`
        : '',
    address,
    laterAddress,
    unionId: `o${rng.chars(B64URL, 27)}`,
    unionId2: core.miniDuplicate ? `o${rng.chars(B64URL, 27)}` : '',
    miniOpenId: miniPrefix + rng.chars(B64URL, 23),
    miniOpenId2: core.miniDuplicate ? miniPrefix + rng.chars(B64URL, 23) : '',
    officialAccountOpenId: `o9Tq2${rng.chars(B64URL, 23)}`,
    wechatNickname: rng.chance(0.3) ? name.english || name.given : nickname(rng, name, year),
    memberCards: cards,
    platformUserIds,
    buyerNicks: nicks,
    deviceId: core.hasDevice
      ? [8, 4, 4, 4, 12].map((len) => rng.chars(HEX, len)).join('-')
      : '',
  };
}

/** Full person i (core included). */
export function personAt(ctx: GenContext, i: number): Person {
  return makePerson(ctx, personCore(ctx, i));
}
