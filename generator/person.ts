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

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HEX = '0123456789ABCDEF';
// OpenIDs of one app share a short prefix, as WeChat's do.
const MINI_PREFIX = 'oZk3_';
const SHOP_PREFIX = 'o9Tq2';
const EMAIL_KIND = new Weighted<string>([
  ['qq', 40],
  ['163.com', 15],
  ['126.com', 8],
  ['sina.com', 4],
  ['139', 5],
  ['gmail.com', 8],
  ['outlook.com', 8],
  ['foxmail.com', 5],
  ['icloud.com', 7],
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
    return {
      family: last,
      given: first,
      full: `${first} ${last}`,
      english: first,
      familyPinyin: '',
      givenPinyin: [],
    };
  }
  const family = surnameOf(ctx, core.householdHead >= 0 ? core.householdHead : core.index);
  let given = drawGiven(rng, core);
  if (core.householdHead >= 0) {
    const headGiven = nameOf(ctx, personCore(ctx, core.householdHead)).given;
    while (given === headGiven) given = drawGiven(rng, core);
  }
  const english = core.style === 'english' ? rng.pick(core.male ? ENGLISH_MALE : ENGLISH_FEMALE) : '';
  return {
    family,
    given,
    full: family + given,
    english,
    familyPinyin: pinyinOf(family),
    givenPinyin: givenSyllables(given),
  };
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
      return pinyin
        ? `${pinyin}${year.slice(rng.chance(0.5) ? 2 : 0)}`
        : `${name.given.toLowerCase()}${year}`;
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

interface Docs {
  residentId: string;
  passport: string;
  insuranceNo: string;
}

interface Wechat {
  unionId: string;
  unionId2: string;
  openId: string;
  openId2: string;
  shop: string;
  nick: string;
}

interface Shop {
  ids: string[];
  nicks: string[];
  device: string;
}

/** Every attribute of one person; each group of fields is built on first use from its own stream. */
export class Person {
  // Lazily built field groups (undefined until first use).
  private cName: PersonName | undefined;
  private cBirth: string | undefined;
  private cPhone: string | undefined;
  private cPhone2: string | undefined;
  private cEmail: string | undefined;
  private cWorkEmail: string | undefined;
  private cAddresses: [Address, Address] | undefined;
  private cDocs: Docs | undefined;
  private cWechat: Wechat | undefined;
  private cCards: string[] | undefined;
  private cShop: Shop | undefined;

  constructor(
    private readonly ctx: GenContext,
    readonly core: PersonCore,
  ) {}

  get id(): string {
    return personId(this.ctx, this.core.index);
  }

  get name(): PersonName {
    return (this.cName ??= nameOf(this.ctx, this.core));
  }

  get birthDate(): string {
    return (this.cBirth ??= isoDateOfEpochDay(this.core.birthEpochDay));
  }

  /** The person's mobile (a household member uses the head's). */
  get phone(): string {
    return (this.cPhone ??= this.buildPhone());
  }

  /** A second mobile some records use, or ''. */
  get phone2(): string {
    if (!this.core.twoPhones) return '';
    return (this.cPhone2 ??= mobileFor(
      rngFor(this.ctx.seed, STREAM.phone2, this.core.index),
      this.core.index + MAX_CUSTOMERS,
    ));
  }

  get email(): string {
    if (!this.core.hasEmail) return '';
    return (this.cEmail ??= emailOf(
      rngFor(this.ctx.seed, STREAM.email, this.core.index),
      this.core,
      this.name,
      this.phone,
    ));
  }

  /** Work mailbox at the person's B2B account, or ''. */
  get workEmail(): string {
    const account = this.core.account >= 0 ? this.ctx.accounts[this.core.account] : undefined;
    if (!account) return '';
    return (this.cWorkEmail ??= this.buildWorkEmail(account.domain));
  }

  private get addresses(): [Address, Address] {
    return (this.cAddresses ??= this.buildAddresses());
  }

  get address(): Address {
    return this.addresses[0];
  }

  /** Address after moving (equal to address when the person never moved). */
  get laterAddress(): Address {
    return this.addresses[1];
  }

  private get docs(): Docs {
    return (this.cDocs ??= this.buildDocs());
  }

  /** 18-digit PRC resident ID ('' for foreigners). */
  get residentId(): string {
    return this.docs.residentId;
  }

  get passport(): string {
    return this.docs.passport;
  }

  get insuranceNo(): string {
    return this.docs.insuranceNo;
  }

  private get wechat(): Wechat {
    return (this.cWechat ??= this.buildWechat());
  }

  /** WeChat UnionID across the brand's apps. */
  get unionId(): string {
    return this.wechat.unionId;
  }

  /** UnionID of a second WeChat account ('' unless the person signed up twice). */
  get unionId2(): string {
    return this.wechat.unionId2;
  }

  get miniOpenId(): string {
    return this.wechat.openId;
  }

  get miniOpenId2(): string {
    return this.wechat.openId2;
  }

  /** OpenID in the online shop's own mini-program (another app, so another OpenID; same UnionID). */
  get shopOpenId(): string {
    return this.wechat.shop;
  }

  get wechatNickname(): string {
    return this.wechat.nick;
  }

  /** POS member cards (two when the person registered twice). */
  get memberCards(): string[] {
    return (this.cCards ??= this.buildCards());
  }

  private get shop(): Shop {
    return (this.cShop ??= this.buildShop());
  }

  /** Online shop account ids (two for the few with a second account). */
  get platformUserIds(): string[] {
    return this.shop.ids;
  }

  get buyerNicks(): string[] {
    return this.shop.nicks;
  }

  /** App device id, or ''. */
  get deviceId(): string {
    return this.shop.device;
  }

  private buildPhone(): string {
    const head = this.core.householdHead >= 0 ? this.core.householdHead : this.core.index;
    return mobileFor(rngFor(this.ctx.seed, STREAM.contact, head), head);
  }

  private buildWorkEmail(domain: string): string {
    const { name, core } = this;
    const initials =
      core.style === 'foreign' ? name.given.toLowerCase() : name.givenPinyin.map((s) => s[0]).join('');
    const local = `${(name.familyPinyin || name.family).toLowerCase()}${initials}${permute(core.index, 10_000, 7_777, 123)}`;
    return `${local}@${domain}`;
  }

  private buildAddresses(): [Address, Address] {
    const { core } = this;
    const head = core.householdHead >= 0 ? core.householdHead : core.index;
    const rng = rngFor(this.ctx.seed, STREAM.address, head);
    const home = addressIn(rng, core.cityIndex, core.districtIndex);
    const later =
      core.moveDay >= 0
        ? addressIn(rngFor(this.ctx.seed, STREAM.address, core.index, 1), core.moveCityIndex, rng.int(8))
        : home;
    return [home, later];
  }

  private buildDocs(): Docs {
    const { core } = this;
    const i = core.index;
    const rng = rngFor(this.ctx.seed, STREAM.docs, i);
    const region = cityAt(core.birthCityIndex).districts[core.birthDistrictIndex]?.[1] ?? '110101';
    const cityCode = (cityAt(core.cityIndex).districts[0]?.[1] ?? '110101').slice(0, 4);
    const foreign = core.style === 'foreign';
    return {
      residentId: foreign ? '' : makeResidentId(region, this.birthDate, rng.int(500), core.male),
      passport: foreign ? `P${String(permute(i, 100_000_000, 9_191_919, 77)).padStart(8, '0')}` : '',
      insuranceNo:
        !foreign && rng.chance(0.75)
          ? `${cityCode}${String(permute(i, 100_000_000, 3_131_313, 999)).padStart(8, '0')}`
          : '',
    };
  }

  private buildWechat(): Wechat {
    const rng = rngFor(this.ctx.seed, STREAM.wechat, this.core.index);
    const dup = this.core.miniDuplicate;
    return {
      unionId: `o${rng.chars(B64URL, 27)}`,
      unionId2: dup ? `o${rng.chars(B64URL, 27)}` : '',
      openId: MINI_PREFIX + rng.chars(B64URL, 23),
      openId2: dup ? MINI_PREFIX + rng.chars(B64URL, 23) : '',
      shop: SHOP_PREFIX + rng.chars(B64URL, 23),
      nick: rng.chance(0.3)
        ? this.name.english || this.name.given
        : nickname(rng, this.name, this.birthDate.slice(0, 4)),
    };
  }

  private buildCards(): string[] {
    const i = this.core.index;
    const card = (x: number) =>
      `6688${String(permute(x, 100_000_000, 7_313_131, 4_242_424)).padStart(8, '0')}`;
    return this.core.posDuplicate ? [card(i), card(i + MAX_CUSTOMERS)] : [card(i)];
  }

  private buildShop(): Shop {
    const i = this.core.index;
    const rng = rngFor(this.ctx.seed, STREAM.ids, i);
    const year = this.birthDate.slice(0, 4);
    const id = (x: number) => String(2_200_000_000 + permute(x, 1_000_000_000, 48_271_009, 5_000_011));
    const second = this.core.ecomSecondAccount;
    return {
      ids: second ? [id(i), id(i + MAX_CUSTOMERS)] : [id(i)],
      nicks: second
        ? [nickname(rng, this.name, year), nickname(rng, this.name, year)]
        : [nickname(rng, this.name, year)],
      device: this.core.hasDevice ? [8, 4, 4, 4, 12].map((len) => rng.chars(HEX, len)).join('-') : '',
    };
  }
}

/** Builds person i's attributes lazily from its core. */
export function makePerson(ctx: GenContext, core: PersonCore): Person {
  return new Person(ctx, core);
}

/** Full person i (core included). */
export function personAt(ctx: GenContext, i: number): Person {
  return makePerson(ctx, personCore(ctx, i));
}
